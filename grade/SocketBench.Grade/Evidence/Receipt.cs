using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SocketBench.Grade.Evidence;

/// <summary>
/// The receipt of DESIGN.md section 3a: after a client's EOF, a server run with <c>--receipt</c>
/// sends <c>SBR/1 &lt;bytes&gt; &lt;sha256&gt;\n</c> (the decimal count and the lowercase hex
/// SHA-256 of exactly the bytes it wrote to stdout for that client), then closes.
/// </summary>
internal static class Receipt
{
    /// <summary>The receipt line for <paramref name="written"/>, newline included.</summary>
    public static byte[] For(ReadOnlySpan<byte> written) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"SBR/1 {written.Length} {Convert.ToHexStringLower(SHA256.HashData(written))}\n"));
}
