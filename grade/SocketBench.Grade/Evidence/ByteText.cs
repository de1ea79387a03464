using System.Globalization;
using System.Text;

using SocketBench.Text;

namespace SocketBench.Grade.Evidence;

/// <summary>Bytes shown to a student: C-style escaped text and hex, both short.</summary>
public static class ByteText
{
    /// <summary>Escapes <paramref name="bytes"/> as a C string literal body: printable ASCII as is, \n \r \t \\ \" and \xNN for the rest.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes) => ByteEscape.Escape(bytes, escapeDoubleQuote: true);

    /// <summary>Space-separated lower-case hex pairs.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(CultureInfo.InvariantCulture, $"{b:x2}");
        }

        return sb.ToString();
    }

    /// <summary>Quoted escaped text plus hex, e.g. <c>"hi\n" (68 69 0a)</c>; <c>(nothing)</c> when empty.</summary>
    public static string Show(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? "(nothing)" : $"\"{Escape(bytes)}\" ({Hex(bytes)})";

    /// <summary>A byte count for people: 100000 → "100000 bytes (97.7 KiB)".</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes ({bytes / 1024.0:0.#} KiB)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes ({bytes / 1048576.0:0.#} MiB)"),
    };

    /// <summary>The first <paramref name="count"/> non-empty lines of <paramref name="text"/>, joined with " | "; "(empty)" when none.</summary>
    public static string FirstLines(string text, int count = 3)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(count).ToList();
        return lines.Count == 0 ? "(empty)" : string.Join(" | ", lines.Select(l => l.Length > 200 ? l[..200] + "..." : l));
    }
}
