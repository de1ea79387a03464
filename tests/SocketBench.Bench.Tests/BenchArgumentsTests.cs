namespace SocketBench.Bench.Tests;

public class BenchArgumentsTests
{
    [Test]
    public void Parse_OnlyAndRounds_Set()
    {
        var a = BenchArguments.Parse(["--only", "throughput,rate", "--rounds", "5"]);

        Assert.That(a.Run!.Only, Is.EqualTo(new[] { "throughput", "rate" }));
        Assert.That(a.Run.Rounds, Is.EqualTo(5));
    }

    [TestCase(new[] { "--only", "bogus" }, "unknown section 'bogus'")]
    [TestCase(new[] { "--rounds", "1" }, "from 2 to 50")]
    [TestCase(new[] { "--rounds" }, "needs a value")]
    [TestCase(new[] { "--frobnicate" }, "unknown argument")]
    [TestCase(new[] { "compare", "a.json" }, "two results files")]
    [TestCase(new[] { "compare", "a", "b", "--tolerance", "x" }, "--tolerance must be")]
    public void Parse_Bad_OneLineNamingTheProblem(string[] args, string message) =>
        Assert.That(() => BenchArguments.Parse(args), Throws.ArgumentException.With.Message.Contains(message));
}
