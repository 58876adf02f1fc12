using Recur.Applications;
using Recur.IO;
using Recur.Layers;
using Recur.Tensors;
using Xunit;

namespace Recur.Tests.Applications;

public class TaskModelFileTests
{
    [Fact]
    public void SaveThenLoadKeepsTaskConfigAndWeights()
    {
        var model = new Linear(3, 2, generator: new Generator(4));
        string path = Path.Combine(Path.GetTempPath(), $"taskmodel-{Guid.NewGuid():N}.safetensors");
        try
        {
            TaskModelFile.Save(path, "forecast", "{\"lookback\":12}", model);
            var loaded = TaskModelFile.Load(path);
            Assert.Equal("forecast", loaded.Task);
            Assert.Equal("{\"lookback\":12}", loaded.ConfigJson);
            var copy = new Linear(3, 2, generator: new Generator(99));
            loaded.Expect("forecast").LoadInto(copy);
            Assert.Equal(model.Weight.ToArray(), copy.Weight.ToArray());
            Assert.Equal(model.Bias!.ToArray(), copy.Bias!.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AModelOfAnotherTaskIsAClearError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"taskmodel-{Guid.NewGuid():N}.safetensors");
        try
        {
            TaskModelFile.Save(path, "classify", "{}", new Linear(2, 2, generator: new Generator(1)));
            var e = Assert.Throws<InvalidDataException>(() => TaskModelFile.Load(path).Expect("forecast"));
            Assert.Contains("'classify' model, not a 'forecast' model", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ABareLayerFileIsNotAnApplicationModel()
    {
        string path = Path.Combine(Path.GetTempPath(), $"taskmodel-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(path, new Lstm(2, 3, generator: new Generator(1)));
            var e = Assert.Throws<InvalidDataException>(() => TaskModelFile.Load(path));
            Assert.Contains("no 'recur.task' metadata", e.Message);
            Assert.Contains("recur run", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFileNamesThePath()
    {
        var e = Assert.Throws<FileNotFoundException>(() => TaskModelFile.Load("/nonexistent/m.safetensors"));
        Assert.Contains("/nonexistent/m.safetensors", e.Message);
    }
}
