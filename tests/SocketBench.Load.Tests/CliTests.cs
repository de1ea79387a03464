namespace SocketBench.Load.Tests;

[TestFixture]
[Category("unit")]
public sealed class CliTests
{
    [Test]
    public void Parse_Arguments_BuildOptions()
    {
        var o = Cli.Parse(["--impl", "c", "--scenarios", "1,4", "--rate", "50", "--duration", "3", "--reports", "r"]);

        Assert.That(o.Impl, Is.EqualTo("c"));
        Assert.That(o.Scenarios, Is.EqualTo(new[] { 1, 4 }));
        Assert.That(o.Rate, Is.EqualTo(50));
        Assert.That(o.PhaseDuration, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(o.ServerPath, Does.EndWith("/bin/c/server"));
    }

    [TestCase("127.0.0.1:5000", "127.0.0.1:5000")]
    [TestCase("[::1]:6000", "[::1]:6000")]
    public void Parse_Target_IsAnEndPoint(string value, string expected)
    {
        var o = Cli.Parse(["--target", value]);

        Assert.That(o.Target?.ToString(), Is.EqualTo(expected));
    }

    [TestCase("--target", "localhost")]
    [TestCase("--target", "127.0.0.1")]
    [TestCase("--target", "127.0.0.1:0")]
    [TestCase("--target", "127.0.0.1:70000")]
    [TestCase("--rate", "0")]
    [TestCase("--scenarios", "8")]
    [TestCase("--stall", "0")]
    [TestCase("--bogus", "1")]
    public void Parse_BadArgument_ThrowsOneLineReason(string name, string value)
    {
        var ex = Assert.Throws<FormatException>(() => Cli.Parse([name, value]));
        Assert.That(ex!.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void Parse_ScenarioSevenAndStall_SetsBoth()
    {
        var o = Cli.Parse(["--scenarios", "7", "--stall", "5"]);

        Assert.That(o.Scenarios, Is.EqualTo(new[] { 7 }));
        Assert.That(o.Stall, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Parse_Smoke_KeepsImplAndShortensPhases()
    {
        var o = Cli.Parse(["--impl", "python", "--smoke"]);

        Assert.That(o.Impl, Is.EqualTo("python"));
        Assert.That(o.Scenarios, Is.EqualTo(new[] { 1, 2, 4 }));
        Assert.That(o.PhaseDuration, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(o.TimeWaitGate, Is.EqualTo(TimeSpan.Zero));
    }
}
