// SpeechDigits: the speech application through the public API. Reads a WAV file, shows its MFCC
// features, trains a spoken-digit classifier on a folder of {digit}_{speaker}_{index}.wav recordings
// (default: the small sample committed under data/), prints the test accuracy and transcribes a file.
//   dotnet run --project examples/SpeechDigits -c Release [-- DATA_DIR]
using Recur.Applications.Speech;
using Recur.Audio;
using Recur.Training;

string data = args.Length > 0 ? args[0] : RepoData.Path("free-spoken-digit-dataset-sample");
string first = Directory.GetFiles(data, "*.wav").Order(StringComparer.Ordinal).First();

// 1. Audio and features.
var audio = WavReader.Read(first);
var features = new FeatureExtractor(new FeatureOptions { Mfcc = 13, DeltaOrder = 2 }).Compute(audio);
Console.WriteLine($"{Path.GetFileName(first)}: {audio.Seconds:0.000} s at {audio.SampleRate} Hz -> features [{features.Size(0)}, {features.Size(1)}]");

// 2. Train a classifier (CNN front end + bidirectional GRU) on the official split: recordings 0-4 are the test set.
var options = new SpeechOptions { Data = data, Mode = SpeechMode.Classify, Epochs = 20, Channels = 32, Hidden = 64, Seed = 1 };
var (recognizer, result) = SpeechRecognizer.TrainRecognizer(options, new PlainProgress(Console.Out, intervalSeconds: 10));
Console.WriteLine(result.Summary());

// 3. Transcribe.
var (text, confidence) = recognizer.Transcribe(first);
Console.WriteLine($"{Path.GetFileName(first)} -> {text} (p = {confidence:0.00})");
