using System.Text;
using System.Text.Json;

namespace SocketBench.Toxiproxy.Logging;

/// <summary>
/// Minimal structured logger: one JSON object per line on stderr (zerolog-like), or plain text with
/// <c>LOG_FORMAT=text</c>. Never used on the data path per chunk.
/// </summary>
public sealed class ToxiproxyLog
{
    private readonly TextWriter? writer;
    private readonly bool json;
    private readonly Lock gate = new();

    /// <summary>Creates a logger writing to <paramref name="writer"/> (null: discard).</summary>
    public ToxiproxyLog(TextWriter? writer, LogLevel level = LogLevel.Info, bool json = true)
    {
        this.writer = writer;
        Level = writer is null ? LogLevel.Off : level;
        this.json = json;
    }

    /// <summary>A logger that writes nothing.</summary>
    public static ToxiproxyLog Null { get; } = new(null, LogLevel.Off);

    /// <summary>Lowest level written.</summary>
    public LogLevel Level { get; }

    /// <summary>Reads <c>LOG_LEVEL</c> and <c>LOG_FORMAT</c>.</summary>
    public static ToxiproxyLog FromEnvironment()
    {
        var level = ParseLevel(Environment.GetEnvironmentVariable("LOG_LEVEL"));
        var text = string.Equals(Environment.GetEnvironmentVariable("LOG_FORMAT"), "text", StringComparison.OrdinalIgnoreCase);
        return new ToxiproxyLog(Console.Error, level, !text);
    }

    /// <summary>Maps Toxiproxy's level names; unknown or empty means info.</summary>
    public static LogLevel ParseLevel(string? value) => value?.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warn,
        "ERROR" or "FATAL" or "PANIC" => LogLevel.Error,
        _ => LogLevel.Info,
    };

    /// <summary>True when <paramref name="level"/> would be written.</summary>
    public bool IsEnabled(LogLevel level) => level >= Level && level != LogLevel.Off;

    /// <summary>Writes one line with optional key/value fields.</summary>
    public void Write(LogLevel level, string message, params ReadOnlySpan<(string Key, object? Value)> fields)
    {
        if (!IsEnabled(level) || writer is null)
        {
            return;
        }

        var line = json ? JsonLine(level, message, fields) : TextLine(level, message, fields);
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string JsonLine(LogLevel level, string message, ReadOnlySpan<(string Key, object? Value)> fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("level", level.ToString().ToLowerInvariant());
            foreach (var (key, value) in fields)
            {
                switch (value)
                {
                    case null:
                        w.WriteNull(key);
                        break;
                    case long or int:
                        w.WriteNumber(key, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case bool b:
                        w.WriteBoolean(key, b);
                        break;
                    default:
                        w.WriteString(key, value.ToString());
                        break;
                }
            }

            w.WriteString("time", TimeProvider.System.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("message", message);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string TextLine(LogLevel level, string message, ReadOnlySpan<(string Key, object? Value)> fields)
    {
        var sb = new StringBuilder();
        sb.Append(level.ToString().ToUpperInvariant()).Append(' ').Append(message);
        foreach (var (key, value) in fields)
        {
            sb.Append(' ').Append(key).Append('=').Append(value);
        }

        return sb.ToString();
    }
}
