// `recur generate --model M --prime TEXT`: samples text from a charlm model, writing each token the moment it
// is drawn (Applications/LanguageModeling/TextGenerator: one step at a time with carried state).
using System.CommandLine;
using Recur.Applications.LanguageModeling;
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Cli.Commands;

internal static class GenerateCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model written by `recur train charlm`.", Required = true };
        var prime = new Option<string>("--prime") { Description = "Text to start from (printed first).", DefaultValueFactory = _ => "" };
        var length = new Option<int>("--length") { Description = "Tokens to generate.", DefaultValueFactory = _ => 500 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0: always the most likely token).", DefaultValueFactory = _ => 0.8f };
        var topK = new Option<int>("--top-k") { Description = "Sample among the K most likely tokens (0: all).", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Sampling seed.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Kernel threads.", DefaultValueFactory = _ => 1 }.Threads();
        var cmd = new Command("generate", "Generate text from a language model, streaming each token as it is produced.")
        {
            model, prime, length, temperature, topK, seed, threads,
        };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new ArgumentException($"--threads must be at least 1, got {threadCount}.");
            Threading.MaxThreads = threadCount;
            int count = parse.GetValue(length);
            if (count < 0) throw new ArgumentException($"--length must be non-negative, got {count}.");
            float temp = parse.GetValue(temperature);
            if (!(temp >= 0f) || float.IsInfinity(temp)) throw new ArgumentException($"--temperature must be 0 or positive, got {temp}.");
            int k = parse.GetValue(topK);
            if (k < 0) throw new ArgumentException($"--top-k must be 0 (off) or positive, got {k}.");
            var lm = LanguageModel.Load(parse.GetValue(model)!);
            var generator = new TextGenerator(lm, new Generator(parse.GetValue(seed)));
            string primeText = parse.GetValue(prime)!;
            generator.Encode(primeText); // checks the prime before anything is written (Generate feeds it once)
            writer.Write(primeText);
            writer.Flush();
            generator.Generate(primeText, count, temp, k, (separator, token) =>
            {
                writer.Write(separator);
                writer.Write(token);
                writer.Flush();
            });
            writer.WriteLine();
            return 0;
        });
        return cmd;
    }
}
