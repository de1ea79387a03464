using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using SocketBench.Delivery;

namespace SocketBench.UnitTests.Core.Delivery;

/// <summary>The receipt line's format (DESIGN.md section 3a): the examples given there, and what parsing rejects.</summary>
[TestFixture]
[Category("unit")]
public class ReceiptTests
{
    [TestCase("hello\n", "SBR/1 6 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n")]
    [TestCase("", "SBR/1 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n")]
    public void Format_DesignExamples_AreExact(string message, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(message);
        Assert.That(Line(bytes.Length, SHA256.HashData(bytes)), Is.EqualTo(expected));
    }

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(67_108_864L)]
    [TestCase(long.MaxValue)]
    public void TryParse_FormattedLine_GivesBackCountAndHash(long count)
    {
        var sha = SHA256.HashData(BitConverter.GetBytes(count));
        Span<byte> line = stackalloc byte[Receipt.MaxLineLength];
        var length = Receipt.Format(count, sha, line);
        var parsed = new byte[Receipt.HashBytes];

        Assert.That(Receipt.TryParse(line[..length], out var bytes, parsed), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.EqualTo(count));
            Assert.That(parsed, Is.EqualTo(sha));
        });
    }

    [TestCase("SBR/1 6 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", TestName = "no newline")]
    [TestCase("SBR/1 6 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n\n", TestName = "bytes after the line")]
    [TestCase("SBR/1 6 5891B5B522D5DF086D0FF0B110FBD9D21BB4FC7163AF34D08286A2E846F6BE03\n", TestName = "uppercase hex")]
    [TestCase("SBR/1 06 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n", TestName = "leading zero")]
    [TestCase("SBR/1 +6 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n", TestName = "sign")]
    [TestCase("SBR/1 6  5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n", TestName = "two spaces")]
    [TestCase("SBR/1 6 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be0\n", TestName = "63 hex digits")]
    [TestCase("SBR/2 6 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n", TestName = "other version")]
    [TestCase("SBR/1 99999999999999999999 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n", TestName = "count overflows")]
    [TestCase("SBR/1  5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n", TestName = "no count")]
    [TestCase("\n", TestName = "empty line")]
    public void TryParse_NotExactlyOneWellFormedLine_IsFalse(string text)
    {
        Span<byte> sha = stackalloc byte[Receipt.HashBytes];
        Assert.That(Receipt.TryParse(Encoding.ASCII.GetBytes(text), out _, sha), Is.False);
    }

    [Test]
    public void Escape_ControlAndHighBytes_OneLineAtMost60Bytes()
    {
        var bytes = new byte[] { (byte)'o', (byte)'k', (byte)'\n', (byte)'\t', (byte)'\\', 0, 0xFF }.Concat(Enumerable.Repeat((byte)'x', 100)).ToArray();
        var escaped = Receipt.Escape(bytes);
        Assert.That(escaped, Is.EqualTo("ok\\n\\t\\\\\\x00\\xff" + new string('x', 53)));
    }

    private static string Line(long count, byte[] sha)
    {
        var line = new byte[Receipt.MaxLineLength];
        return Encoding.ASCII.GetString(line, 0, Receipt.Format(count, sha, line));
    }
}
