// CharLm example: a character-level LSTM language model on tiny-shakespeare through the library API
// (Recur.Applications.LanguageModeling): train for a few minutes with truncated BPTT, report validation
// nats per character and perplexity, save, reload, evaluate again and stream a sample.
// Run from the repository root: dotnet run -c Release --project examples/CharLm [minutes]
using System.Globalization;
using Recur.Applications.LanguageModeling;
using Recur.Tensors;
using Recur.Training;

double minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
string text = TextFile.Read(RepoData.Path("tinyshakespeare", "input.txt"));
var options = new LanguageModelOptions
{
    Hidden = 256,              // smaller than the CLI default so a few minutes already give readable text
    Layers = 2,
    Minutes = minutes,
    EvalEvery = 200,
    Out = Path.Combine(Path.GetTempPath(), "charlm-example.safetensors"),
};
var result = LanguageModelTrainer.Train(text, options, new PlainProgress(Console.Out), Console.WriteLine);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"validation: {result.ValLoss:0.0000} nats/char, perplexity {result.Perplexity:0.00}, {result.TokensPerSecond:0} chars/s, {result.Steps} steps"));

// The saved file knows its task, vocabulary and architecture.
var model = LanguageModel.Load(options.Out);
var heldOut = LanguageModelEvaluator.Evaluate(model, text[(int)(text.Length * 0.9)..]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reloaded model on the held-out 10%: {heldOut.Loss:0.0000} nats/char"));

// Stream 300 characters, one step at a time with carried state.
var generator = new TextGenerator(model, new Generator(42));
Console.Write("ROMEO:");
generator.Generate("ROMEO:", 300, temperature: 0.8f, topK: 0, (separator, token) =>
{
    Console.Write(separator);
    Console.Write(token);
    Console.Out.Flush();
});
Console.WriteLine();
