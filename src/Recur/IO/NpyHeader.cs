// NpyHeader: parses and formats the header of a .npy file, a Python dict literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }. The parser accepts exactly the literal
// subset NumPy writes (quoted strings, True/False, tuples of non-negative integers), never evaluates
// anything, and reports every deviation with its character position. Spec: numpy/lib/format.py (NEP 1).
using System.Globalization;
using System.Text;

namespace Recur.IO;

/// <summary>The three fields of a .npy header.</summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    /// <summary>Formats the dict literal NumPy writes, without padding.</summary>
    public static string Format(string descr, ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder();
        sb.Append("{'descr': '").Append(descr).Append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }
        if (shape.Length == 1) sb.Append(',');
        sb.Append("), }");
        return sb.ToString();
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="InvalidDataException"/> prefixed with <paramref name="context"/>.</summary>
    public static NpyHeader Parse(string text, string context) => new Parser(text, context).ParseDict();

    private sealed class Parser(string text, string context)
    {
        private int _pos;

        public NpyHeader ParseDict()
        {
            SkipSpace();
            Expect('{');
            string? descr = null;
            bool? fortran = null;
            long[]? shape = null;
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { _pos++; break; }
                int keyAt = _pos;
                string key = ParseString();
                if (!keys.Add(key))
                    throw Fail($"the key '{key}' appears twice", keyAt);
                SkipSpace();
                Expect(':');
                SkipSpace();
                int valueAt = _pos;
                switch (key)
                {
                    case "descr":
                        if (Peek() == '[')
                            throw Fail("descr is a list, i.e. a structured dtype; only plain <f4, <f8, <i4, <i8 arrays are supported", valueAt);
                        descr = ParseString();
                        break;
                    case "fortran_order":
                        fortran = ParseBool();
                        break;
                    case "shape":
                        shape = ParseShape();
                        break;
                    default:
                        throw Fail($"unexpected key '{key}'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'", keyAt);
                }
                SkipSpace();
                char c = Peek();
                if (c == ',') { _pos++; continue; }
                if (c == '}') { _pos++; break; }
                throw Fail($"expected ',' or '}}' after the value of '{key}'", _pos);
            }
            SkipSpace();
            if (_pos != text.Length)
                throw Fail("unexpected text after the closing '}'", _pos);
            if (descr is null) throw Fail("the header has no 'descr'", 0);
            if (fortran is null) throw Fail("the header has no 'fortran_order'", 0);
            if (shape is null) throw Fail("the header has no 'shape'", 0);
            return new NpyHeader(descr, fortran.Value, shape);
        }

        private string ParseString()
        {
            char quote = Peek();
            if (quote != '\'' && quote != '"')
                throw Fail("expected a quoted string", _pos);
            int start = ++_pos;
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\')
                    throw Fail("escape sequences are not supported in header strings", _pos);
                _pos++;
            }
            if (_pos >= text.Length)
                throw Fail("unterminated string", start - 1);
            return text[start.._pos++];
        }

        private bool ParseBool()
        {
            if (Match("True")) return true;
            if (Match("False")) return false;
            throw Fail("fortran_order must be True or False", _pos);
        }

        private long[] ParseShape()
        {
            int at = _pos;
            Expect('(');
            var dims = new List<long>();
            bool trailingComma = false;
            while (true)
            {
                SkipSpace();
                if (Peek() == ')') { _pos++; break; }
                dims.Add(ParseDim(dims.Count));
                SkipSpace();
                char c = Peek();
                if (c == ',') { _pos++; trailingComma = true; continue; }
                trailingComma = false;
                if (c == ')') { _pos++; break; }
                throw Fail("expected ',' or ')' in the shape tuple", _pos);
            }
            if (dims.Count == 1 && !trailingComma)
                throw Fail("shape must be a tuple; a single dimension is written (n,)", at);
            if (dims.Count > 64)
                throw Fail($"shape has {dims.Count} dimensions; at most 64 are supported", at);
            return [.. dims];
        }

        private long ParseDim(int axis)
        {
            int start = _pos;
            if (Peek() == '-')
                throw Fail($"shape entry {axis} is negative", start);
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                _pos++;
            if (_pos == start)
                throw Fail($"shape entry {axis} is not an integer", start);
            string digits = text[start.._pos];
            if (Peek() == 'L') _pos++; // Python 2 long literal, as old NumPy wrote.
            if (digits.Length > 18 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > int.MaxValue)
                throw Fail($"shape entry {axis} ({(digits.Length > 24 ? digits[..24] + "..." : digits)}) is larger than {int.MaxValue}", start);
            return value;
        }

        private bool Match(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0)
                return false;
            int end = _pos + word.Length;
            if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                return false;
            _pos = end;
            return true;
        }

        private void Expect(char c)
        {
            if (Peek() != c)
                throw Fail($"expected '{c}'", _pos);
            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r')
                _pos++;
        }

        private InvalidDataException Fail(string problem, int at)
        {
            string snippet = text.Length <= 120 ? text : text[..120] + "...";
            return new InvalidDataException($"{context}: malformed header: {problem} (at character {at} of {snippet.TrimEnd()}).");
        }
    }
}
