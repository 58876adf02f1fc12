// LrScheduler: the base of Recur's learning-rate schedules, torch.optim.lr_scheduler's epoch-based API.
// Construction applies the epoch-0 rate; each Step() (once per epoch) advances LastEpoch and writes the new
// rate into the optimizer's Lr. Closed-form schedules compute lr(epoch) from the base rate (PyTorch's
// _get_closed_form_lr), so they do not drift through repeated float multiplication.
using Recur.IO;

namespace Recur.Optim;

/// <summary>
/// A learning-rate schedule driving one <see cref="Optim.Optimizer"/>. State dictionary entries: "last_epoch"
/// (I64 [1]), "base_lr" and "last_lr" (F32 [1]), plus any the schedule adds. The optimizer's own Lr is saved
/// by the optimizer's state dictionary, as in PyTorch.
/// </summary>
public abstract class LrScheduler
{
    /// <summary>Binds the schedule to <paramref name="optimizer"/>; its current Lr becomes <see cref="BaseLr"/>.</summary>
    protected LrScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        BaseLr = optimizer.Lr;
        LastLr = optimizer.Lr;
    }

    /// <summary>The optimizer whose <see cref="Optimizer.Lr"/> this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The optimizer's learning rate when the schedule was created.</summary>
    public float BaseLr { get; private set; }

    /// <summary>Epochs stepped so far (0 after construction).</summary>
    public long LastEpoch { get; private set; }

    /// <summary>The learning rate the last construction or <see cref="Step"/> left in the optimizer.</summary>
    public float LastLr { get; protected set; }

    /// <summary>
    /// Advances one epoch and updates the optimizer's learning rate. <paramref name="metric"/> is the monitored
    /// value for <see cref="ReduceLrOnPlateau"/> (required there) and is ignored by closed-form schedules.
    /// </summary>
    public void Step(double? metric = null)
    {
        OnStep(metric); // validates before anything changes
        LastEpoch++;
        Apply(metric);
    }

    /// <summary>Validates the arguments of <see cref="Step"/>; throw here to leave the schedule unchanged.</summary>
    protected virtual void OnStep(double? metric)
    {
    }

    /// <summary>Sets the optimizer's rate for <see cref="LastEpoch"/> (default: <see cref="LrAt"/>) and records it in <see cref="LastLr"/>.</summary>
    protected virtual void Apply(double? metric)
    {
        Optimizer.Lr = LrAt(LastEpoch);
        LastLr = Optimizer.Lr;
    }

    /// <summary>The closed-form rate at <paramref name="epoch"/> (0 = after construction).</summary>
    protected abstract float LrAt(long epoch);

    /// <summary>Sets the epoch-0 rate; closed-form schedules call this at the end of their constructor.</summary>
    protected void ApplyInitial() => Apply(null);

    /// <summary>A copy of the schedule's state (see the class remarks).</summary>
    public virtual Dictionary<string, NdArray> StateDict() => new()
    {
        ["last_epoch"] = StateDicts.Scalar(LastEpoch),
        ["base_lr"] = StateDicts.Scalar(BaseLr),
        ["last_lr"] = StateDicts.Scalar(LastLr),
    };

    /// <summary>
    /// Restores a state saved by <see cref="StateDict"/> of the same schedule type. It does not change the
    /// optimizer's Lr (load the optimizer's state for that). Wrong names or shapes throw an ArgumentException naming them.
    /// </summary>
    public virtual void LoadStateDict(IReadOnlyDictionary<string, NdArray> state)
    {
        StateDicts.Validate(GetType().Name, StateDict(), state);
        long epoch = state["last_epoch"].AsInt64()[0];
        if (epoch < 0) throw new ArgumentException($"Invalid last_epoch in state: {epoch}", nameof(state));
        LastEpoch = epoch;
        BaseLr = state["base_lr"].AsFloat32()[0];
        LastLr = state["last_lr"].AsFloat32()[0];
    }
}
