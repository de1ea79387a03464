using System.Buffers.Text;
using SocketBench.Text;

namespace SocketBench.Delivery;

/// <summary>
/// The receipt line of DESIGN.md section 3a: <c>SBR/1 &lt;bytes&gt; &lt;sha256&gt;\n</c>, ASCII,
/// the decimal count of bytes the server wrote to stdout for one client and the lowercase hex
/// SHA-256 of exactly those bytes. Formatting and parsing allocate nothing.
/// </summary>
public static class Receipt
{
    /// <summary>The most a client reads while waiting for a receipt (a well-formed line is at most 91 bytes).</summary>
    public const int MaxRead = 128;

    /// <summary>Length of a SHA-256 digest in bytes.</summary>
    public const int HashBytes = 32;

    /// <summary>Longest well-formed line: prefix, 19 digits, space, 64 hex digits, newline.</summary>
    public const int MaxLineLength = 6 + 19 + 1 + (2 * HashBytes) + 1;

    /// <summary>How many received bytes a "malformed" message quotes.</summary>
    public const int QuotedBytes = 60;

    /// <summary>The line's fixed start, version included.</summary>
    public static ReadOnlySpan<byte> Prefix => "SBR/1 "u8;

    /// <summary>
    /// Writes the receipt line for <paramref name="bytes"/> and <paramref name="sha256"/> into
    /// <paramref name="destination"/> (at least <see cref="MaxLineLength"/> bytes) and returns its length.
    /// </summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes, the count is negative, or the destination is too small.</exception>
    public static int Format(long bytes, ReadOnlySpan<byte> sha256, Span<byte> destination)
    {
        if (sha256.Length != HashBytes || bytes < 0 || destination.Length < MaxLineLength)
        {
            throw new ArgumentException("a receipt needs a non-negative count, a 32-byte SHA-256 and 91 bytes of room");
        }

        Prefix.CopyTo(destination);
        var at = Prefix.Length;
        _ = Utf8Formatter.TryFormat(bytes, destination[at..], out var digits);
        at += digits;
        destination[at++] = (byte)' ';
        for (var i = 0; i < HashBytes; i++)
        {
            destination[at++] = Hex(sha256[i] >> 4);
            destination[at++] = Hex(sha256[i] & 0xF);
        }

        destination[at++] = (byte)'\n';
        return at;
    }

    /// <summary>
    /// Parses exactly one well-formed line (ending in <c>\n</c>, nothing after it): decimal digits
    /// without sign or leading zeros, one space, 64 lowercase hex digits.
    /// </summary>
    /// <param name="line">All the bytes received.</param>
    /// <param name="bytes">The count, when the line is well-formed.</param>
    /// <param name="sha256">Receives the 32-byte hash, when the line is well-formed.</param>
    /// <returns>False for anything else (the caller reports it as malformed).</returns>
    public static bool TryParse(ReadOnlySpan<byte> line, out long bytes, Span<byte> sha256)
    {
        bytes = 0;
        if (sha256.Length < HashBytes || line.Length > MaxLineLength || !line.StartsWith(Prefix) || line[^1] != (byte)'\n')
        {
            return false;
        }

        var rest = line[Prefix.Length..^1];
        var space = rest.IndexOf((byte)' ');
        if (space is < 1 or > 19 || rest.Length - space - 1 != 2 * HashBytes)
        {
            return false;
        }

        var count = rest[..space];
        if ((count[0] == (byte)'0' && count.Length > 1) || count.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            || !Utf8Parser.TryParse(count, out bytes, out var used) || used != count.Length)
        {
            bytes = 0;
            return false;
        }

        var hex = rest[(space + 1)..];
        for (var i = 0; i < HashBytes; i++)
        {
            var hi = Nibble(hex[2 * i]);
            var lo = Nibble(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                bytes = 0;
                return false;
            }

            sha256[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    /// <summary>
    /// The first <see cref="QuotedBytes"/> of <paramref name="received"/> as printable ASCII for a
    /// one-line message: <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\\</c> and <c>\xHH</c> for the rest.
    /// </summary>
    public static string Escape(ReadOnlySpan<byte> received) =>
        ByteEscape.Escape(received[..Math.Min(received.Length, QuotedBytes)]);

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
