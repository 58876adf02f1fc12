// Optimizer: the base of Recur's optimizers, torch.optim.Optimizer with a single parameter group.
// Step() walks the parameters, skips those without a gradient (as PyTorch does) and hands each to the
// subclass's Update with that parameter's own step count. Per-parameter buffers (moments, momentum) are
// allocated once here, so Step() allocates nothing; StateDict() holds all of them plus "lr", "step" and
// "step.i", so save -> load into a fresh optimizer -> continue is bit-identical to never stopping.
using Recur.IO;
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>
/// Base of the optimizers: one group of parameters updated in place from their <see cref="Tensor.Grad"/>.
/// State dictionary entries: "lr" (F32 [1]), "step" (I64 [1], <see cref="StepCount"/>), "step.i" (I64 [1],
/// steps taken by parameter i) and one F32 buffer per parameter and kind, named "kind.i" (e.g. "exp_avg.3").
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private readonly long[] _steps;
    private readonly List<(string Name, float[] Data, int[] Shape)> _buffers = [];
    private readonly float[] _scratchA, _scratchB;
    private float _lr;

    /// <summary>Validates and stores the parameters (PyTorch's messages for an empty list and a bad learning rate).</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, float lr)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = new List<Tensor>();
        foreach (var p in parameters)
        {
            if (p is null) throw new ArgumentException($"optimizer got a null parameter at index {list.Count}");
            int seen = -1;
            for (int j = 0; j < list.Count && seen < 0; j++)
                if (ReferenceEquals(list[j], p)) seen = j;
            if (seen >= 0) throw new ArgumentException($"optimizer got the same parameter twice (indices {seen} and {list.Count})");
            list.Add(p);
        }
        if (list.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
        if (!(lr >= 0 && float.IsFinite(lr))) throw new ArgumentException($"Invalid learning rate: {lr}");
        _parameters = list.ToArray();
        _steps = new long[_parameters.Length];
        _lr = lr;
        int max = 0;
        foreach (var p in _parameters) max = Math.Max(max, p.Length);
        _scratchA = new float[max];
        _scratchB = new float[max];
        Parameters = Array.AsReadOnly(_parameters);
    }

    /// <summary>The parameters, in the order given to the constructor (index i names buffers "kind.i").</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The learning rate used by the next <see cref="Step"/>; schedules change it between steps.</summary>
    public float Lr
    {
        get => _lr;
        set
        {
            if (!(value >= 0 && float.IsFinite(value))) throw new ArgumentException($"Invalid learning rate: {value}");
            _lr = value;
        }
    }

    /// <summary>How many times <see cref="Step"/> has been called.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// Applies one update to every parameter that has a gradient; parameters whose Grad is null are skipped
    /// and their step count does not advance. Allocates nothing.
    /// </summary>
    public void Step()
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            var grad = _parameters[i].Grad;
            if (grad != null && !Shapes.Equal(grad.Shape, _parameters[i].Shape))
                throw new InvalidOperationException(
                    $"Parameter {i} has shape {Shapes.Format(_parameters[i].Shape)} but its gradient has shape {Shapes.Format(grad.Shape)}.");
        }
        StepCount++;
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad == null) continue;
            long step = ++_steps[i];
            Update(i, p.Data, p.Grad.ReadOnlyData, step);
        }
    }

    /// <summary>
    /// Updates parameter <paramref name="index"/> in place from its gradient; <paramref name="step"/> counts this
    /// parameter's updates including this one (1 on the first).
    /// </summary>
    protected abstract void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step);

    /// <summary>Fills every existing gradient with zeros (or drops it when <paramref name="setToNull"/>).</summary>
    public void ZeroGrad(bool setToNull = false)
    {
        foreach (var p in _parameters) p.ZeroGrad(setToNull);
    }

    /// <summary>Allocates a buffer shaped like parameter <paramref name="index"/>, saved as "<paramref name="kind"/>.index".</summary>
    protected float[] AddBuffer(string kind, int index, float initialValue = 0f)
    {
        var data = new float[_parameters[index].Length];
        if (initialValue != 0f) data.AsSpan().Fill(initialValue);
        _buffers.Add(($"{kind}.{index}", data, _parameters[index].ShapeArray));
        return data;
    }

    /// <summary>A scratch span of <paramref name="length"/> floats (first of two), reused by every Update.</summary>
    protected Span<float> ScratchA(int length) => _scratchA.AsSpan(0, length);

    /// <summary>A second scratch span of <paramref name="length"/> floats, distinct from <see cref="ScratchA"/>.</summary>
    protected Span<float> ScratchB(int length) => _scratchB.AsSpan(0, length);

    /// <summary>A copy of the whole state: "lr", "step", "step.i" and every buffer (see the class remarks).</summary>
    public virtual Dictionary<string, NdArray> StateDict()
    {
        var state = new Dictionary<string, NdArray>
        {
            ["lr"] = StateDicts.Scalar(_lr),
            ["step"] = StateDicts.Scalar(StepCount),
        };
        for (int i = 0; i < _steps.Length; i++) state[$"step.{i}"] = StateDicts.Scalar(_steps[i]);
        foreach (var (name, data, shape) in _buffers) state[name] = NdArray.FromFloat32(data, shape);
        return state;
    }

    /// <summary>
    /// Restores a state saved by <see cref="StateDict"/> of an optimizer of the same type and options over
    /// parameters of the same shapes. Wrong, missing or extra names and wrong shapes throw an ArgumentException
    /// naming them, before anything changes.
    /// </summary>
    public virtual void LoadStateDict(IReadOnlyDictionary<string, NdArray> state)
    {
        StateDicts.Validate(GetType().Name, StateDict(), state);
        float lr = state["lr"].AsFloat32()[0];
        long stepCount = state["step"].AsInt64()[0];
        if (!(lr >= 0)) throw new ArgumentException($"Invalid learning rate in state: {lr}", nameof(state));
        if (stepCount < 0) throw new ArgumentException($"Invalid step in state: {stepCount}", nameof(state));
        for (int i = 0; i < _steps.Length; i++)
        {
            long s = state[$"step.{i}"].AsInt64()[0];
            if (s < 0 || s > stepCount) throw new ArgumentException($"Invalid step.{i} in state: {s} (step is {stepCount})", nameof(state));
        }
        _lr = lr;
        StepCount = stepCount;
        for (int i = 0; i < _steps.Length; i++) _steps[i] = state[$"step.{i}"].AsInt64()[0];
        foreach (var (name, data, _) in _buffers) state[name].AsFloat32().AsSpan().CopyTo(data);
    }
}
