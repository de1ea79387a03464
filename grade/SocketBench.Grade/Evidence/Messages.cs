using System.Text;

namespace SocketBench.Grade.Evidence;

/// <summary>The messages of the exact-bytes checks, deterministic (same bytes on every machine).</summary>
public static class Messages
{
    /// <summary>Gets the exact-bytes messages in check order; the last is 64 MiB (not in --quick).</summary>
    public static IReadOnlyList<Message> Exact { get; } =
    [
        new("short", () => "hello from the grader\n"u8.ToArray(), "a short line of text"),
        new("text-100k", () => Text(100_000, 1), "100 KB of text lines"),
        new("binary-100k", () => Binary(100_000, 2), "100 KB of random bytes (every value 0-255)"),
        new("nul", Nul, "text with NUL bytes inside and a run of 1000 NULs"),
        new("empty", () => [], "an empty message (the client connects, sends nothing, closes)"),
        new("one-byte", () => "x"u8.ToArray(), "a single byte"),
        new("no-newline", () => "no newline at the end"u8.ToArray(), "text without a trailing newline"),
        new("64mib", () => Binary(64 << 20, 3), "64 MiB of random bytes", Large: true),
    ];

    /// <summary>Random printable lines (a-z, A-Z, 0-9, spaces) of at most 80 characters, ending in a newline.</summary>
    public static byte[] Text(int length, int seed)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789     ";
        var random = new Random(seed);
        var bytes = new byte[length];
        var column = 0;
        for (var i = 0; i < length; i++)
        {
            var newline = i == length - 1 || (column >= 20 && random.Next(60) == 0) || column == 79;
            bytes[i] = newline ? (byte)'\n' : (byte)alphabet[random.Next(alphabet.Length)];
            column = newline ? 0 : column + 1;
        }

        return bytes;
    }

    /// <summary>Random bytes.</summary>
    public static byte[] Binary(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A message that starts with a header naming it (for humans reading output) and goes on with random text.</summary>
    public static byte[] Tagged(string tag, int length, int seed)
    {
        var head = Encoding.ASCII.GetBytes($"[{tag}]\n");
        var bytes = Text(Math.Max(length, head.Length), seed);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Nul()
    {
        var head = "before\0middle\0\0\0after\n"u8;
        var bytes = new byte[head.Length + 1000 + 5];
        head.CopyTo(bytes);
        "tail\n"u8.CopyTo(bytes.AsSpan(head.Length + 1000));
        return bytes;
    }
}
