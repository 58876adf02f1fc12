// `recur classify --model M (--text "..." | --input FILE)`: labels texts with a model written by
// `recur train classify`; one line per text: the label, its probability and every class's probability.
using System.CommandLine;
using System.Globalization;
using Recur.Applications;
using Recur.Applications.Classification;

namespace Recur.Cli.Commands;

internal static class ClassifyCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model written by `recur train classify`.", Required = true };
        var text = new Option<string[]>("--text") { Description = "A text to classify (repeatable)." };
        var input = new Option<string?>("--input") { Description = "A UTF-8 file with one text per line; blank lines are skipped, and each output line repeats its text." };
        var json = new Option<bool>("--json") { Description = "One JSON object per text instead of plain lines." };
        var cmd = new Command("classify", "Classify texts with a trained text classifier.") { model, text, input, json };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var texts = new List<string>(parse.GetValue(text) ?? []);
            string? file = parse.GetValue(input);
            if (file != null)
                texts.AddRange(LabeledTextFile.ReadUtf8(file).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0));
            if (texts.Count == 0)
                throw new ArgumentException(file != null ? $"--input {file} holds no text (every line is blank)." : "give a text with --text \"...\" or a file with --input FILE.");
            int empty = texts.FindIndex(t => t.Trim().Length == 0);
            if (empty >= 0) throw new ArgumentException($"--text number {empty + 1} is empty; give the text to classify.");
            var classifier = TextClassifier.FromTaskModel(TaskModelFile.Load(parse.GetValue(model)!));
            var predictions = classifier.Predict(texts);
            for (int i = 0; i < texts.Count; i++)
            {
                var p = predictions[i];
                if (parse.GetValue(json))
                {
                    writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["text"] = texts[i],
                        ["label"] = p.Label,
                        ["probability"] = Math.Round(p.Probability, 6),
                        ["probabilities"] = classifier.Labels.Select((l, c) => (l, c)).ToDictionary(x => x.l, x => Math.Round(p.Probabilities[x.c], 6)),
                    }));
                    continue;
                }
                string all = string.Join(" ", classifier.Labels.Select((l, c) => string.Create(CultureInfo.InvariantCulture, $"{l}={p.Probabilities[c]:0.0000}")));
                string shown = texts[i].Length > 70 ? texts[i][..67] + "..." : texts[i];
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Label}\t{p.Probability:0.0000}\t({all})\t{shown}"));
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>`recur eval` for classifiers: the figures of `recur train classify` on a labelled file.</summary>
    internal static void Evaluate(TaskModel loaded, string data, TextWriter writer, bool json)
    {
        var classifier = TextClassifier.FromTaskModel(loaded);
        var c = classifier.Config;
        var columns = new ColumnSpec(c.TextColumn, c.LabelColumn, c.Delimiter is { Length: 1 } d ? d[0] : null);
        var (texts, labels) = LabeledTextFile.Read(data, columns, asTrained: true);
        var report = classifier.Evaluate(texts, labels);
        writer.WriteLine(report.Format());
        if (json) writer.WriteLine(report.ToJson());
    }
}
