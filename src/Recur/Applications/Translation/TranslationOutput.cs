// TranslationOutput: one translated sentence with its tokens and attention matrix, and the text heatmap
// `recur translate --show-attention` prints.
using System.Globalization;
using System.Text;

namespace Recur.Applications.Translation;

/// <summary>A translation with the attention the decoder paid to each source token.</summary>
/// <param name="SourceTokens">The source tokens as the model saw them (unknown ones shown as they were written).</param>
/// <param name="Tokens">The output tokens (no &lt;eos&gt;).</param>
/// <param name="Attention">[output tokens (+1 for &lt;eos&gt; when reached)][source tokens] weights.</param>
/// <param name="LogProbability">Log-probability of the output.</param>
public sealed record TranslationOutput(string[] SourceTokens, string[] Tokens, float[][] Attention, double LogProbability)
{
    /// <summary>The output as text.</summary>
    public string Text => PairsFile.Detokenize(Tokens);

    /// <summary>
    /// A text heatmap: one row per output token, one column per source token, each cell a shade
    /// (" .:-=+*#%@" from 0 to 1) followed by the row's largest weight and the source token it falls on.
    /// </summary>
    public string Heatmap()
    {
        const string shades = " .:-=+*#%@";
        var rows = Tokens.Append("<eos>").Take(Attention.Length).ToArray();
        int labelWidth = Math.Max(5, rows.Max(r => r.Length));
        var sb = new StringBuilder();
        // Column headers: the source tokens written vertically would be unreadable; number them instead.
        sb.Append(' ', labelWidth + 1).AppendLine(string.Concat(Enumerable.Range(0, SourceTokens.Length).Select(i => (i % 10).ToString(CultureInfo.InvariantCulture))));
        for (int r = 0; r < rows.Length; r++)
        {
            var w = Attention[r];
            sb.Append(rows[r].PadRight(labelWidth)).Append(' ');
            int argmax = 0;
            for (int s = 0; s < SourceTokens.Length && s < w.Length; s++)
            {
                sb.Append(shades[Math.Clamp((int)(w[s] * (shades.Length - 1) + 0.5f), 0, shades.Length - 1)]);
                if (w[s] > w[argmax]) argmax = s;
            }
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"  {w[argmax]:0.00} -> {SourceTokens[argmax]}")).AppendLine();
        }
        sb.Append("source: ").AppendLine(string.Join("  ", SourceTokens.Select((t, i) => $"{i % 10}={t}")));
        return sb.ToString();
    }
}
