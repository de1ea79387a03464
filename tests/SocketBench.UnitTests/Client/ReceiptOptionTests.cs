using NUnit.Framework;
using SocketBench.Cli;
using SocketBench.Client;

namespace SocketBench.UnitTests.Client;

/// <summary><c>client --receipt</c>: the flag, and the stats line that gains <c>receipt=</c> only with it.</summary>
[TestFixture]
[Category("unit")]
public class ReceiptOptionTests
{
    [Test]
    public void Parse_Receipt_IsOnlyOnWhenGiven() =>
        Assert.That(
            (ClientArguments.Parse(["127.0.0.1", "5000"]).Receipt, ClientArguments.Parse(["--receipt", "127.0.0.1", "5000"]).Receipt),
            Is.EqualTo((false, true)));

    [Test]
    public void Parse_ReceiptWithValue_IsAUsageError() =>
        Assert.Throws<UsageException>(() => ClientArguments.Parse(["--receipt=1", "127.0.0.1", "5000"]));

    [TestCase(null, "sent=3 chunks=1 send_calls=1 partial_sends=0 would_block=0 attempts=1 elapsed_ms=7")]
    [TestCase("ok", "sent=3 chunks=1 send_calls=1 partial_sends=0 would_block=0 attempts=1 elapsed_ms=7 receipt=ok")]
    [TestCase("mismatch", "sent=3 chunks=1 send_calls=1 partial_sends=0 would_block=0 attempts=1 elapsed_ms=7 receipt=mismatch")]
    public void Format_ReceiptKey_OnlyWithReceipt(string? receipt, string expected)
    {
        var stats = new ClientStats { Sent = 3, Chunks = 1, SendCalls = 1, Attempts = 1, Receipt = receipt };
        Assert.That(stats.Format(TimeSpan.FromMilliseconds(7)), Is.EqualTo(expected));
    }
}
