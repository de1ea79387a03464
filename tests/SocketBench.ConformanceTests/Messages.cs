using System.Text;

namespace SocketBench.ConformanceTests;

/// <summary>Deterministic test messages (seeded), so a failure can be reproduced.</summary>
internal static class Messages
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    public static byte[] RandomAlphanumeric(int length, int seed)
    {
        var rng = new Random(seed);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)Alphanumeric[rng.Next(Alphanumeric.Length)];
        }

        return bytes;
    }

    public static byte[] RandomBinary(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
}
