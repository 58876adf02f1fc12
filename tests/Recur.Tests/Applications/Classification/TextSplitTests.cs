using Recur.Applications.Classification;
using Recur.Tensors;

namespace Recur.Tests.Applications.Classification;

public class TextSplitTests
{
    [Fact]
    public void Identical_texts_stay_on_one_side_and_classes_keep_their_share()
    {
        var texts = new List<string>();
        var labels = new List<int>();
        for (int i = 0; i < 400; i++)
        {
            int label = i % 5 == 0 ? 1 : 0;                 // 20 % positives
            int copies = i % 7 == 0 ? 4 : 1;                 // some texts repeat, one with extra spaces
            for (int c = 0; c < copies; c++)
            {
                texts.Add(c == 1 ? $"  message {i} " : $"message {i}");
                labels.Add(label);
            }
        }
        var (train, test) = TextSplit.StratifiedByText(texts, labels.ToArray(), 0.25, new Generator(3));
        Assert.Equal(texts.Count, train.Length + test.Length);
        Assert.Empty(train.Intersect(test));
        var trainTexts = train.Select(i => texts[i].Trim()).ToHashSet();
        Assert.DoesNotContain(test, i => trainTexts.Contains(texts[i].Trim()));
        // 25 % of the 80 distinct positive texts and of the 320 negative ones.
        Assert.Equal(20, test.Select(i => texts[i].Trim()).Distinct().Count(t => labels[texts.IndexOf(t)] == 1));
        Assert.Equal(80, test.Select(i => texts[i].Trim()).Distinct().Count(t => labels[texts.IndexOf(t)] == 0));
        var again = TextSplit.StratifiedByText(texts, labels.ToArray(), 0.25, new Generator(3));
        Assert.Equal(test, again.Test);
    }
}
