namespace SocketBench.Toxiproxy.Tests;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ToxiproxyArgumentsTests
{
    [Test]
    public void Parse_NoFlags_ToxiproxyDefaults()
    {
        var parsed = ToxiproxyArguments.Parse([]);
        Assert.That(parsed.Options.Host, Is.EqualTo("localhost"));
        Assert.That(parsed.Options.Port, Is.EqualTo(8474));
        Assert.That(parsed.Options.ConfigPath, Is.Null);
        Assert.That(parsed.Options.Seed, Is.Null);
    }

    [Test]
    public void Parse_GoFlagSyntax_AllForms()
    {
        var parsed = ToxiproxyArguments.Parse(["-host", "0.0.0.0", "--port=9000", "-config", "x.json", "-seed=-5", "-proxy-metrics", "--runtime-metrics=false"]);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Options.Host, Is.EqualTo("0.0.0.0"));
            Assert.That(parsed.Options.Port, Is.EqualTo(9000));
            Assert.That(parsed.Options.ConfigPath, Is.EqualTo("x.json"));
            Assert.That(parsed.Options.Seed, Is.EqualTo(-5));
            Assert.That(parsed.Options.ProxyMetrics, Is.True);
            Assert.That(parsed.Options.RuntimeMetrics, Is.False);
        });
    }

    [TestCase(new[] { "-port", "70000" }, "invalid value \"70000\" for flag -port")]
    [TestCase(new[] { "-seed", "x" }, "invalid value \"x\" for flag -seed")]
    [TestCase(new[] { "-host" }, "flag needs an argument: -host")]
    [TestCase(new[] { "-nope" }, "flag provided but not defined: -nope")]
    public void Parse_BadFlags_OneLineError(string[] args, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ToxiproxyArguments.Parse(args));
        Assert.That(e!.Message, Does.StartWith(message));
    }

    [Test]
    public void Parse_Version_Requested()
    {
        Assert.That(ToxiproxyArguments.Parse(["-version"]).ShowVersion, Is.True);
    }
}
