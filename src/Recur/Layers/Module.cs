// Module: the base of every layer and model: named parameters (leaf tensors that require grad), named
// child modules, a training flag, state dicts whose keys follow PyTorch's ("layer.weight_ih_l0"), and
// PyTorch's printed form (ToString: "LSTM(64, 128, num_layers=2)", children indented under their names).
namespace Recur.Layers;

using System.Text;
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

    /// <summary>The child modules with their names, in registration order.</summary>
    public IEnumerable<KeyValuePair<string, Module>> NamedChildren() => _children;

    /// <summary>
    /// PyTorch's repr of this module: its name and settings, e.g. <c>LSTM(64, 512, num_layers=2, batch_first=True)</c>,
    /// with each child on its own line as <c>(name): child</c>, indented two spaces a level. Layers that mirror a
    /// PyTorch module print PyTorch's class name and its settings in PyTorch's words (Lstm prints as LSTM).
    /// </summary>
    public override string ToString()
    {
        var lines = new List<string>();
        string extra = ExtraRepr();
        if (extra.Length > 0) lines.AddRange(extra.Split('\n'));
        int extraLines = lines.Count;
        foreach (var (name, child) in _children)
            lines.Add($"({name}): " + child.ToString().Replace("\n", "\n  ", StringComparison.Ordinal));
        var sb = new StringBuilder(ReprName).Append('(');
        if (lines.Count == 1 && extraLines == 1) sb.Append(lines[0]);
        else if (lines.Count > 0) sb.Append("\n  ").AppendJoin("\n  ", lines).Append('\n');
        return sb.Append(')').ToString();
    }

    /// <summary>The type name this module prints as (see <see cref="ReprName"/>).</summary>
    internal string DisplayName => ReprName;

    /// <summary>This module's and every descendant's training flag, to put back with <see cref="RestoreTraining"/>.</summary>
    internal List<(Module Module, bool Training)> TrainingFlags()
    {
        var flags = new List<(Module, bool)> { (this, Training) };
        foreach (var c in _children) flags.AddRange(c.Value.TrainingFlags());
        return flags;
    }

    /// <summary>Puts back flags saved by <see cref="TrainingFlags"/>, each module's own.</summary>
    internal static void RestoreTraining(List<(Module Module, bool Training)> flags)
    {
        foreach (var (module, training) in flags) module.Training = training;
    }

    /// <summary>The name <see cref="ToString"/> prints: PyTorch's class name where the layer mirrors one, else the type's.</summary>
    protected virtual string ReprName => GetType().Name;

    /// <summary>The settings <see cref="ToString"/> prints inside the parentheses (PyTorch's extra_repr); empty for none.</summary>
    protected virtual string ExtraRepr() => "";

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
    /// mis-shaped entry is named in one ArgumentException, and then nothing has been copied. With
    /// <paramref name="strict"/> false, as in PyTorch, missing and unexpected entries are skipped (those
    /// parameters keep their values); a mis-shaped one is still an error.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var problems = new List<string>();
        foreach (var (name, p) in own)
        {
            if (!state.TryGetValue(name, out var value))
            {
                if (strict) problems.Add($"missing key '{name}' (expected shape {Shapes.Format(p.Shape)})");
            }
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
            throw new ArgumentException($"Error(s) in loading state_dict for {ReprName}:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", problems));
        foreach (var (name, p) in own)
            if (state.TryGetValue(name, out var value))
                value.ReadOnlyData.CopyTo(p.Data);
    }
}
