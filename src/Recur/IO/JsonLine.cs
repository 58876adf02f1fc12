// JsonLine: one compact JSON object as a string (the --json lines of reports), written with a
// Utf8JsonWriter that leaves non-ASCII text readable.
using System.Text;
using System.Text.Json;

namespace Recur.IO;

/// <summary>Compact one-line JSON objects.</summary>
internal static class JsonLine
{
    /// <summary>{ ...what <paramref name="body"/> writes... } as one line.</summary>
    internal static string Object(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
