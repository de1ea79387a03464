using NUnit.Framework;
using SocketBench.Cli;
using SocketBench.Server;

namespace SocketBench.UnitTests.Server;

/// <summary><c>--concurrency N</c>, <c>--spool-memory BYTES</c> and <c>--receipt</c> (DESIGN.md section 3a).</summary>
[TestFixture]
[Category("unit")]
public class ConcurrencyArgumentsTests
{
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
