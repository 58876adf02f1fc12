// Translation example: trains a small English -> French attention encoder-decoder on the short eng-fra
// pairs in data/eng-fra, prints held-out BLEU-4 and exact match with greedy and beam search, then translates
// a few sentences and shows one attention heatmap. Run from the repository root:
//   dotnet run -c Release --project examples/Translation [epochs]
using Recur.Applications.Translation;

int epochs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
var pairs = PairsFile.Read(RepoData.Path("eng-fra", "eng-fra-short.tsv"));
var options = new TranslationOptions { Epochs = epochs, Beam = 5, Seed = 1 };
var result = TranslationTrainer.Train(pairs, options, null, Console.WriteLine, default, out var translator);
Console.WriteLine($"held-out {result.Greedy.Describe()}");
Console.WriteLine($"held-out {result.BeamSearch.Describe()}");
foreach (var text in new[] { "I'm tired.", "She is very kind.", "We are not students." })
    Console.WriteLine($"{text} => {translator.Translate(text, beam: 5).Text}");
Console.Write(translator.Translate("He is taller than me.", beam: 5).Heatmap());
