using System.Security.Cryptography;

namespace SocketBench.Toxiproxy.Api;

/// <summary>Request ids in xid's shape: 20 characters of base32hex (time, random, counter).</summary>
internal static class RequestIds
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuv";
    private static readonly byte[] Machine = RandomNumberGenerator.GetBytes(5);
    private static int counter = RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>Returns a new id.</summary>
    public static string Next()
    {
        Span<byte> raw = stackalloc byte[12];
        var seconds = (uint)TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        raw[0] = (byte)(seconds >> 24);
        raw[1] = (byte)(seconds >> 16);
        raw[2] = (byte)(seconds >> 8);
        raw[3] = (byte)seconds;
        Machine.CopyTo(raw[4..]);
        var count = Interlocked.Increment(ref counter);
        raw[9] = (byte)(count >> 16);
        raw[10] = (byte)(count >> 8);
        raw[11] = (byte)count;
        Span<char> text = stackalloc char[20];
        ulong bits = 0;
        int bitCount = 0, j = 0;
        foreach (var b in raw)
        {
            bits = (bits << 8) | b;
            bitCount += 8;
            while (bitCount >= 5)
            {
                bitCount -= 5;
                text[j++] = Alphabet[(int)((bits >> bitCount) & 31)];
            }
        }

        if (bitCount > 0)
        {
            text[j++] = Alphabet[(int)((bits << (5 - bitCount)) & 31)];
        }

        return new string(text[..j]);
    }
}
