// Module: the base of every layer and model: named parameters (leaf tensors that require grad), named
// child modules, a training flag, and state dicts whose keys follow PyTorch's ("layer.weight_ih_l0").
namespace Recur.Layers;

using Recur.Tensors;

/// <summary>A layer or model: owns parameters and child modules; names follow PyTorch's state_dict.</summary>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];

    /// <summary>True in training mode (dropout active); see <see cref="Train"/> and <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a parameter under <paramref name="name"/> and marks it as requiring grad.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        if (_parameters.Exists(p => p.Key == name) || _children.Exists(c => c.Key == name))
            throw new ArgumentException($"A parameter or module named '{name}' is already registered.");
        parameter.RequiresGrad = true;
        _parameters.Add(new(name, parameter));
        return parameter;
    }

    /// <summary>Registers a child module under <paramref name="name"/>.</summary>
    protected TModule RegisterModule<TModule>(string name, TModule module) where TModule : Module
    {
        if (_parameters.Exists(p => p.Key == name) || _children.Exists(c => c.Key == name))
            throw new ArgumentException($"A parameter or module named '{name}' is already registered.");
        _children.Add(new(name, module));
        return module;
    }

    /// <summary>Every parameter with its dotted name, this module's first, then each child's in order.</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> NamedParameters(string prefix = "")
    {
        foreach (var p in _parameters)
            yield return new(prefix + p.Key, p.Value);
        foreach (var c in _children)
            foreach (var p in c.Value.NamedParameters(prefix + c.Key + "."))
                yield return p;
    }

    /// <summary>
    /// Every parameter, in <see cref="NamedParameters"/> order, each once: a module used twice (tied weights)
    /// lists its parameters under both names but hands them to an optimizer once, as PyTorch's parameters() does.
    /// </summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Value).Distinct<Tensor>(ReferenceEqualityComparer.Instance).ToList();

    /// <summary>Total number of parameter elements.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Length);

    /// <summary>Sets training mode (true) or evaluation mode (false) on this module and its children.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var c in _children) c.Value.Train(training);
        return this;
    }

    /// <summary>Evaluation mode: dropout off.</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad(bool setToNull = false)
    {
        foreach (var p in NamedParameters()) p.Value.ZeroGrad(setToNull);
    }

    /// <summary>The parameters by name (the tensors themselves, not copies), in PyTorch's order.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>();
        foreach (var p in NamedParameters()) dict[p.Key] = p.Value;
        return dict;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into the parameters. Every missing, unexpected or
    /// mis-shaped entry is named in one ArgumentException (unexpected ones only when <paramref name="strict"/>).
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var problems = new List<string>();
        foreach (var (name, p) in own)
        {
            if (!state.TryGetValue(name, out var value))
                problems.Add($"missing key '{name}' (expected shape {Shapes.Format(p.Shape)})");
            else if (value is null)
                problems.Add($"'{name}' is null");
            else if (!value.Shape.SequenceEqual(p.Shape))
                problems.Add($"size mismatch for '{name}': the file has shape {Shapes.Format(value.Shape)}, the model expects {Shapes.Format(p.Shape)}");
        }
        if (strict)
            foreach (var name in state.Keys)
                if (!own.ContainsKey(name))
                    problems.Add($"unexpected key '{name}'");
        if (problems.Count > 0)
            throw new ArgumentException($"Error(s) in loading state_dict for {GetType().Name}:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", problems));
        foreach (var (name, p) in own)
            state[name].ReadOnlyData.CopyTo(p.Data);
    }
}
