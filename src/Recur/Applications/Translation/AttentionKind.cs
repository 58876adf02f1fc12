// AttentionKind: the --attention option of the translation model.
namespace Recur.Applications.Translation;

/// <summary>The decoder's attention scoring.</summary>
public enum AttentionKind
{
    /// <summary>Additive (Bahdanau): v . tanh(W_q q + W_k m + c).</summary>
    Additive,

    /// <summary>Dot product (Luong): q . m.</summary>
    Dot,

    /// <summary>General (Luong): q . W m.</summary>
    General,
}

/// <summary>Parses and names <see cref="AttentionKind"/> values.</summary>
public static class AttentionKinds
{
    /// <summary>"additive" (or "bahdanau"), "dot" or "general" (or "luong"); anything else is an ArgumentException.</summary>
    public static AttentionKind Parse(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "additive" or "bahdanau" => AttentionKind.Additive,
        "dot" => AttentionKind.Dot,
        "general" or "luong" => AttentionKind.General,
        _ => throw new ArgumentException($"--attention must be additive, dot or general, got '{text}'."),
    };

    /// <summary>The option spelling.</summary>
    public static string Name(this AttentionKind kind) => kind switch
    {
        AttentionKind.Additive => "additive",
        AttentionKind.Dot => "dot",
        _ => "general",
    };
}
