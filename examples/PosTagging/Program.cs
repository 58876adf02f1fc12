// PosTagging: the sequence-labelling application through the public API. Reads CoNLL-U sentences, trains
// a word + character BiLSTM part-of-speech tagger (default: the small EWT sample committed under data/),
// prints the dev accuracy beside the most-frequent-tag baseline and tags a sentence.
//   dotnet run --project examples/PosTagging -c Release [-- TRAIN.conllu DEV.conllu]
using Recur.Applications.Tagging;
using Recur.Training;

string train = args.Length > 0 ? args[0] : RepoData.Path("ud-english-ewt-sample", "train.conllu");
string dev = args.Length > 1 ? args[1] : RepoData.Path("ud-english-ewt-sample", "dev.conllu");

// 1. CoNLL-U: multi-word tokens ("don't") appear as their syntactic words ("do", "n't").
var sentences = ConllU.Read(train);
var first = sentences[0];
Console.WriteLine($"{sentences.Count} sentences; the first: {string.Join(" ", first.Words.Select((w, i) => $"{w}/{first.Tags[i]}"))}");

// 2. Train (word embeddings + character BiLSTM + sentence BiLSTM) and evaluate on the dev file.
var options = new TaggerOptions { Data = train, Dev = dev, Epochs = 10, Hidden = 64, CharHidden = 32, WordDim = 64, LearningRate = 4e-3f, Seed = 1 };
var (tagger, result) = Tagger.TrainTagger(options, new PlainProgress(Console.Out, intervalSeconds: 10));
Console.WriteLine(result.Summary());

// 3. Tag raw text.
foreach (var (word, tag) in tagger.Tag("The quick brown fox didn't jump over the lazy dog."))
    Console.Write($"{word}/{tag} ");
Console.WriteLine();
