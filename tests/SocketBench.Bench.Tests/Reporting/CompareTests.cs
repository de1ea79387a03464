using SocketBench.Bench.Reporting;
using SocketBench.Bench.Stats;

namespace SocketBench.Bench.Tests.Reporting;

public class CompareTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("bench-compare-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Run_RatioDroppedBeyondTolerance_Regression()
    {
        var a = Write("a", 1.00);
        var b = Write("b", 0.90);
        var output = new StringWriter();

        Assert.That(Compare.Run(a, b, 0.05, output), Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("REGRESSED").And.Contain("t1"));
    }

    [Test]
    public void Run_WithinTolerance_NoRegression()
    {
        var a = Write("a", 1.00);
        var b = Write("b", 0.97);

        Assert.That(Compare.Run(a, b, 0.05, TextWriter.Null), Is.Zero);
    }

    [Test]
    public void ReadTargets_WhatWriteWrote_RoundTrips()
    {
        var path = Write("a", 1.234);

        var t = JsonResult.ReadTargets(path).Single();

        Assert.That(t.Id, Is.EqualTo("t1"));
        Assert.That(t.Estimate, Is.EqualTo(1.234).Within(1e-9));
        Assert.That(t.Better, Is.EqualTo(Better.Higher));
    }

    private string Write(string name, double ratio)
    {
        var target = new Target("t1", "throughput", "title", TargetKind.Ratio, "m", "a", "b", 0.95, Better.Higher, "x");
        var samples = new List<Sample> { new("m", "a", 1, ratio, "u"), new("m", "b", 1, 1, "u"), new("m", "a", 2, ratio, "u"), new("m", "b", 2, 1, "u") };
        var result = new BenchResult("now", new Dictionary<string, string>(), new BenchOptions(), TimeSpan.FromSeconds(1), samples, [target.Evaluate(samples)], []);
        var path = Path.Combine(_dir, name + ".json");
        using (var file = File.Create(path))
        {
            JsonResult.Write(result, file);
        }

        return path;
    }
}
