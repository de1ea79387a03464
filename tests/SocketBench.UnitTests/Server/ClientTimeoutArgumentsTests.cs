using NUnit.Framework;
using SocketBench.Cli;
using SocketBench.Server;

namespace SocketBench.UnitTests.Server;

/// <summary><c>--client-timeout SECS</c>: the total time one client may hold the server.</summary>
[TestFixture]
[Category("unit")]
public class ClientTimeoutArgumentsTests
{
    [Test]
    public void Parse_NoClientTimeout_IsOff() =>
        Assert.That(ServerArguments.Parse(["5000"]).ClientTimeout, Is.Null);

    [TestCase("--client-timeout", "2.5", 2.5)]
    [TestCase("--client-timeout=0.25", null, 0.25)]
    public void Parse_ClientTimeout_IsRead(string option, string? value, double seconds)
    {
        string[] args = value is null ? [option, "0"] : [option, value, "0"];
        Assert.That(ServerArguments.Parse(args).ClientTimeout, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("0")]
    [TestCase("1e3")]
    [TestCase("100000")]
    public void Parse_BadClientTimeout_IsAUsageErrorNamingTheOption(string value)
    {
        var e = Assert.Throws<UsageException>(() => ServerArguments.Parse(["--client-timeout", value, "0"]))!;
        Assert.That(e.Message, Does.Contain("--client-timeout").And.Contain(value));
    }

    [Test]
    public void Parse_ClientTimeoutWithoutValue_IsAUsageError() =>
        Assert.Throws<UsageException>(() => ServerArguments.Parse(["0", "--client-timeout"]));

    [Test]
    public void Usage_ListsClientTimeout() =>
        Assert.That(ServerArguments.Usage, Does.Contain("--client-timeout SECS"));
}
