using NUnit.Framework;
using SocketBench.Cli;
using SocketBench.Client;

namespace SocketBench.UnitTests.Client;

[TestFixture]
[Category("unit")]
public class ClientArgumentsTests
{
    [Test]
    public void Parse_HostAndPort_UsesDefaults()
    {
        var o = ClientArguments.Parse(["127.0.0.1", "5000"]);
        Assert.Multiple(() =>
        {
            Assert.That(o.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(o.Port, Is.EqualTo(5000));
            Assert.That(o.Retries, Is.EqualTo(5));
            Assert.That(o.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(o.ChunkSize, Is.EqualTo(65536));
            Assert.That(o.DrainTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void Parse_BracketedIpv6AndOptions_AreRead()
    {
        var o = ClientArguments.Parse(["--retries=0", "--connect-timeout", "0.5", "--chunk-size", "4096", "--drain-timeout", "2", "--send-buffer", "8192", "-v", "[::1]", "80"]);
        Assert.Multiple(() =>
        {
            Assert.That(o.Host, Is.EqualTo("::1"));
            Assert.That(o.Retries, Is.Zero);
            Assert.That(o.ConnectTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(o.ChunkSize, Is.EqualTo(4096));
            Assert.That(o.DrainTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(o.SendBuffer, Is.EqualTo(8192));
            Assert.That(o.Verbose, Is.True);
        });
    }

    [TestCase(new string[0], "missing HOST and PORT")]
    [TestCase(new[] { "--send-buffer", "10", "h", "5" }, "invalid --send-buffer '10'")]
    [TestCase(new[] { "127.0.0.1" }, "missing PORT")]
    [TestCase(new[] { "127.0.0.1", "0" }, "invalid port '0'")]
    [TestCase(new[] { "127.0.0.1", "-5" }, "invalid port '-5'")]
    [TestCase(new[] { "127.0.0.1", "+5" }, "invalid port '+5'")]
    [TestCase(new[] { "127.0.0.1", "5.5" }, "invalid port '5.5'")]
    [TestCase(new[] { "127.0.0.1", "70000" }, "invalid port '70000'")]
    [TestCase(new[] { "127.0.0.1", "http" }, "invalid port 'http'")]
    [TestCase(new[] { "127.0.0.1", "5", "x" }, "unexpected argument 'x'")]
    [TestCase(new[] { "", "5" }, "invalid host ''")]
    [TestCase(new[] { "--retries", "-1", "h", "5" }, "invalid --retries '-1'")]
    [TestCase(new[] { "--retries", "101", "h", "5" }, "invalid --retries '101'")]
    [TestCase(new[] { "--chunk-size", "0", "h", "5" }, "invalid --chunk-size '0'")]
    [TestCase(new[] { "--connect-timeout", "abc", "h", "5" }, "invalid --connect-timeout 'abc'")]
    [TestCase(new[] { "--drain-timeout", "0", "h", "5" }, "invalid --drain-timeout '0'")]
    [TestCase(new[] { "--bogus", "h", "5" }, "unknown option '--bogus'")]
    [TestCase(new[] { "h", "5", "--retries" }, "option --retries needs a value")]
    public void Parse_BadForm_ThrowsOneLineUsageError(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => ClientArguments.Parse(args))!;
        Assert.That(e.Message, Does.Contain(expected).And.Not.Contain("\n"));
    }

    // --receipt, and the stats line that gains receipt= only with it (DESIGN.md section 3a).
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
