// CellType parsing: the --cell option of the language model ("lstm", "gru", "rnn") to the library's CellKind.
using Recur.Kernels;

namespace Recur.Applications.LanguageModeling;

/// <summary>Parses and names recurrent cell types for application options.</summary>
public static class CellType
{
    /// <summary>"lstm", "gru" or "rnn" (tanh) to a <see cref="CellKind"/>; anything else is an ArgumentException.</summary>
    public static CellKind Parse(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "rnn" or "rnn_tanh" => CellKind.RnnTanh,
        "rnn_relu" => CellKind.RnnRelu,
        _ => throw new ArgumentException($"--cell must be lstm, gru or rnn, got '{text}'."),
    };

    /// <summary>The option spelling of <paramref name="kind"/>.</summary>
    public static string Name(CellKind kind) => kind switch
    {
        CellKind.Lstm => "lstm",
        CellKind.Gru => "gru",
        CellKind.RnnTanh => "rnn",
        _ => "rnn_relu",
    };
}
