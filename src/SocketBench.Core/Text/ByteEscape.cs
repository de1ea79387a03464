using System.Globalization;
using System.Text;

namespace SocketBench.Text;

/// <summary>
/// Bytes as one line of printable ASCII, for messages that quote what a peer sent: printable ASCII
/// as is, <c>\n</c> <c>\r</c> <c>\t</c> <c>\\</c> (and <c>\"</c> when asked), <c>\xHH</c> for the rest.
/// One rule for the client's receipt messages and the grader's evidence.
/// </summary>
public static class ByteEscape
{
    /// <summary>Escapes <paramref name="bytes"/>; <paramref name="escapeDoubleQuote"/> makes the result a C string literal's body.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes, bool escapeDoubleQuote = false)
    {
        var text = new StringBuilder(bytes.Length + 8);
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'\n' => text.Append("\\n"),
                (byte)'\r' => text.Append("\\r"),
                (byte)'\t' => text.Append("\\t"),
                (byte)'\\' => text.Append("\\\\"),
                (byte)'"' when escapeDoubleQuote => text.Append("\\\""),
                >= 0x20 and < 0x7F => text.Append((char)b),
                _ => text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}"),
            };
        }

        return text.ToString();
    }
}
