using System.Buffers.Text;
using System.IO.Hashing;

namespace SocketBench.Load.Clients;

/// <summary>
/// The bytes a load client sends, so the server's stdout can be checked message by message:
/// <c>&lt;ID:LENGTH:BODY&gt;\n</c>. BODY is LENGTH bytes drawn from a 64-letter alphabet without
/// '&lt;' or '&gt;' from a generator seeded by ID, so a truncated message (a client reset mid-send)
/// is recognisable when the next one starts. The load tests check delivery, not binary safety
/// (the conformance suite does that).
/// </summary>
internal static class MessageFrame
{
    public const byte Start = (byte)'<';
    public const byte End = (byte)'>';
    public const byte Separator = (byte)':';

    /// <summary>Longest header: '&lt;', two 19-digit numbers, two ':'.</summary>
    public const int MaxHeader = 1 + 19 + 1 + 19 + 1;

    public const int TrailerLength = 2;

    private static ReadOnlySpan<byte> Alphabet => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8;

    /// <summary>Writes the header and returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, long id, long length)
    {
        destination[0] = Start;
        var n = 1;
        Utf8Formatter.TryFormat(id, destination[n..], out var w);
        n += w;
        destination[n++] = Separator;
        Utf8Formatter.TryFormat(length, destination[n..], out w);
        n += w;
        destination[n++] = Separator;
        return n;
    }

    public static void WriteTrailer(Span<byte> destination)
    {
        destination[0] = End;
        destination[1] = (byte)'\n';
    }

    /// <summary>Gets the generator state for a message's body.</summary>
    public static ulong Seed(long id) => ((ulong)id * 0x9E3779B97F4A7C15UL) | 1UL;

    /// <summary>Fills the next body bytes and advances the generator (xorshift64*, 8 letters per step).</summary>
    public static void FillBody(Span<byte> destination, ref ulong state)
    {
        var alphabet = Alphabet;
        var i = 0;
        while (i < destination.Length)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            var x = state * 0x2545F4914F6CDD1DUL;
            for (var k = 0; k < 8 && i < destination.Length; k++, i++)
            {
                destination[i] = alphabet[(int)(x & 63)];
                x >>= 6;
            }
        }
    }

    /// <summary>
    /// The body's 64-bit XXH3 (what <paramref name="hash"/> was given since its last reset), and
    /// resets it for the next body: enough to tell a damaged body from the sent one (not a defence
    /// against a forger), at about 20 ns for a short body where a SHA-256 took 450 ns plus OpenSSL's
    /// calls (issue 14: it ran for every message on both sides, client and stdout parser).
    /// </summary>
    public static ulong Fingerprint(XxHash3 hash)
    {
        var value = hash.GetCurrentHashAsUInt64();
        hash.Reset();
        return value;
    }
}
