using System.Net;
using NUnit.Framework;
using SocketBench.Cli;
using SocketBench.Server;

namespace SocketBench.UnitTests.Server;

[TestFixture]
[Category("unit")]
public class ServerArgumentsTests
{
    [Test]
    public void Parse_PortOnly_UsesDefaults()
    {
        var o = ServerArguments.Parse(["5000"]);
        Assert.Multiple(() =>
        {
            Assert.That(o.Port, Is.EqualTo(5000));
            Assert.That(o.Backlog, Is.EqualTo(10));
            Assert.That(o.Bind, Is.Null);
            Assert.That(o.IdleTimeout, Is.Null);
            Assert.That(o.Verbose, Is.False);
            Assert.That((o.Concurrency, o.SpoolMemory, o.Receipt), Is.EqualTo((1, 1 << 20, false)), "sequential, 1 MiB spool, no receipt");
        });
    }

    [Test]
    public void Parse_AllOptions_AreRead()
    {
        var o = ServerArguments.Parse(["--backlog", "5", "--bind=::1", "--idle-timeout", "1.5", "-v", "0"]);
        Assert.Multiple(() =>
        {
            Assert.That(o.Port, Is.Zero);
            Assert.That(o.Backlog, Is.EqualTo(5));
            Assert.That(o.Bind, Is.EqualTo(IPAddress.IPv6Loopback));
            Assert.That(o.IdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
            Assert.That(o.Verbose, Is.True);
        });
    }

    [TestCase(new string[0], "missing PORT")]
    [TestCase(new[] { "abc" }, "invalid port 'abc'")]
    [TestCase(new[] { "-1" }, "invalid port '-1'")]
    [TestCase(new[] { "+80" }, "invalid port '+80'")]
    [TestCase(new[] { "80.5" }, "invalid port '80.5'")]
    [TestCase(new[] { "65536" }, "invalid port '65536'")]
    [TestCase(new[] { "99999999999" }, "invalid port '99999999999'")]
    [TestCase(new[] { "" }, "invalid port ''")]
    [TestCase(new[] { " 80" }, "invalid port ' 80'")]
    [TestCase(new[] { "80", "81" }, "unexpected argument '81'")]
    [TestCase(new[] { "--nope", "80" }, "unknown option '--nope'")]
    [TestCase(new[] { "--backlog", "0", "80" }, "invalid --backlog '0'")]
    [TestCase(new[] { "--backlog" }, "option --backlog needs a value")]
    [TestCase(new[] { "--bind", "nowhere", "80" }, "invalid --bind 'nowhere'")]
    [TestCase(new[] { "--idle-timeout", "-3", "80" }, "invalid --idle-timeout '-3'")]
    [TestCase(new[] { "--verbose=yes", "80" }, "takes no value")]
    public void Parse_BadForm_ThrowsOneLineUsageError(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => ServerArguments.Parse(args))!;
        Assert.That(e.Message, Does.Contain(expected).And.Not.Contain("\n"));
    }

    [Test]
    public void Parse_Help_NeedsNoPort() => Assert.That(ServerArguments.Parse(["--help"]).Help, Is.True);

    // --concurrency N, --spool-memory BYTES and --receipt (DESIGN.md section 3a).
    [Test]
    public void Parse_AllThree_AreRead()
    {
        var options = ServerArguments.Parse(["--concurrency", "1024", "--spool-memory=0", "--receipt", "0"]);
        Assert.That((options.Concurrency, options.SpoolMemory, options.Receipt), Is.EqualTo((1024, 0, true)));
    }

    [TestCase("--concurrency", "0")]
    [TestCase("--concurrency", "abc")]
    [TestCase("--concurrency", "1025")]
    [TestCase("--concurrency", "-3")]
    [TestCase("--spool-memory", "-1")]
    [TestCase("--spool-memory", "1073741825")]
    [TestCase("--spool-memory", "1k")]
    public void Parse_BadValue_IsAUsageErrorNamingTheOption(string option, string value)
    {
        var e = Assert.Throws<UsageException>(() => ServerArguments.Parse([option, value, "0"]))!;
        Assert.That(e.Message, Does.Contain(option).And.Contain(value));
    }

    [Test]
    public void Parse_ReceiptWithValue_IsAUsageError() =>
        Assert.Throws<UsageException>(() => ServerArguments.Parse(["--receipt=yes", "0"]));

    [Test]
    public void Usage_ListsTheOptions() =>
        Assert.That(ServerArguments.Usage, Does.Contain("--concurrency N").And.Contain("--spool-memory BYTES").And.Contain("--receipt"));
}
