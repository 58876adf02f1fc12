// Text classification with the library API: SMS spam filtering on the SMS Spam Collection (data/
// sms-spam-collection). Trains the model `recur train classify` trains by default (word GRU + attention
// pooling, stratified 20 % test split with duplicates kept on one side), prints the test report beside
// the majority baseline, then saves, reloads and classifies new messages.
// Run from the repository root: dotnet run -c Release --project examples/TextClassification
using Recur.Applications.Classification;

string data = args.Length > 0 ? args[0] : RepoData.Path("sms-spam-collection", "SMSSpamCollection");
var options = new ClassifierOptions
{
    Columns = new ColumnSpec(TextColumn: "1", LabelColumn: "0"),   // no header: label<TAB>text
    Bidirectional = true,
    MinCount = 2,
    Seed = 1,
    Out = Path.Combine(Path.GetTempPath(), "sms-spam.safetensors"),
};
var result = ClassifierTraining.TrainFile(data, options);
Console.WriteLine($"{result.TrainSamples} training texts, {result.Seconds:0.0} s");
Console.WriteLine(result.Test.Format());
Console.WriteLine(result.ToJson());

var model = TextClassifier.Load(options.Out);
string[] messages =
[
    "URGENT! You have won a 1 week FREE membership in our £100,000 prize Jackpot! Txt WIN to 80086",
    "Are we still meeting for lunch tomorrow? I'll be at the station at 12",
];
foreach (var (message, prediction) in messages.Zip(model.Predict(messages)))
    Console.WriteLine($"{prediction.Label} ({prediction.Probability:P1}): {message}");
