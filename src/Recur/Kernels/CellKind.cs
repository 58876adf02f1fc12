// CellKind: the recurrent cell types, with PyTorch's gate counts and gate order
// (LSTM i, f, g, o; GRU r, z, n; Elman RNN one gate with tanh or ReLU).
namespace Recur.Kernels;

/// <summary>A recurrent cell type.</summary>
public enum CellKind
{
    /// <summary>Elman RNN, h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
    RnnTanh,

    /// <summary>Elman RNN with ReLU, h' = relu(W_ih x + b_ih + W_hh h + b_hh).</summary>
    RnnRelu,

    /// <summary>LSTM with gates (i, f, g, o).</summary>
    Lstm,

    /// <summary>GRU with gates (r, z, n), reset applied after the recurrent product (PyTorch's form).</summary>
    Gru,
}

/// <summary>Facts about <see cref="CellKind"/>.</summary>
public static class CellKinds
{
    /// <summary>Gates stacked along the first axis of the weights: 4 (LSTM), 3 (GRU), 1 (RNN).</summary>
    public static int GateCount(this CellKind kind) => kind switch
    {
        CellKind.Lstm => 4,
        CellKind.Gru => 3,
        _ => 1,
    };

    /// <summary>Whether the cell carries a cell state c besides h.</summary>
    public static bool HasCellState(this CellKind kind) => kind == CellKind.Lstm;

    /// <summary>PyTorch's class name of the sequence layer (RNN, LSTM, GRU), which messages and printing use.</summary>
    public static string TorchClass(this CellKind kind) => kind switch { CellKind.Lstm => "LSTM", CellKind.Gru => "GRU", _ => "RNN" };

    /// <summary>PyTorch's class name of the one-step cell (RNNCell, LSTMCell, GRUCell).</summary>
    public static string TorchCellClass(this CellKind kind) => kind.TorchClass() + "Cell";
}
