// Repr: how module settings print in a module's ToString, the way Python prints them in PyTorch's repr:
// True/False, floats as Python's repr writes them (shortest round trip, "1e-05", "1.0"), tuples "(3,)".
using System.Globalization;

namespace Recur.Layers;

/// <summary>Python-style formatting of the values in <see cref="Module.ToString"/>.</summary>
internal static class Repr
{
    /// <summary>True or False.</summary>
    internal static string Bool(bool value) => value ? "True" : "False";

    /// <summary>A float as Python's repr writes it: shortest round trip, a lower-case exponent, ".0" on whole numbers.</summary>
    internal static string Float(float value)
    {
        if (float.IsNaN(value)) return "nan";
        if (float.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        string s = value.ToString("R", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        if (e >= 0)
        {
            // .NET writes 1E-05 and 1E+16, Python 1e-05 and 1e+16 (at least two exponent digits in both).
            return s[..e] + "e" + s[(e + 1)..];
        }
        return s.Contains('.') ? s : s + ".0";
    }

    /// <summary>A one-element tuple, as PyTorch prints a 1-d layer's kernel, stride and padding: "(3,)".</summary>
    internal static string Tuple1(int value) => "(" + value.ToString(CultureInfo.InvariantCulture) + ",)";
}
