using SocketBench.Load.Reporting;
using Spectre.Console;

namespace SocketBench.Load.Tests.Reporting;

[TestFixture]
[Category("unit")]
public sealed class ReportWriterTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "sb-load-report-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static RunResult Result() =>
        new("report-test", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(12),
            [StatsFixtures.Scenario("open,model"), StatsFixtures.Scenario("closed")],
            [new ThresholdResult("open,model", "p99 < 500 ms", true, "120 ms"), new ThresholdResult("closed", "fail % < 1", false, "5 %")]);

    [Test]
    public void WriteAll_Run_WritesFiveReports()
    {
        var files = ReportWriter.WriteAll(Result(), _folder);

        Assert.That(files.Select(Path.GetFileName), Is.EquivalentTo(new[] { "latency.png", "report.md", "report.html", "stats.csv", "timeline.csv" }));
        Assert.That(files.All(File.Exists), Is.True);
    }

    [Test]
    public void WriteAll_Png_IsARealPng()
    {
        ReportWriter.WriteAll(Result(), _folder);
        var bytes = File.ReadAllBytes(Path.Combine(_folder, "latency.png"));

        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(bytes, Has.Length.GreaterThan(10_000), "a plot with axes, lines and labels");
    }

    [Test]
    public void WriteAll_Html_IsSelfContained()
    {
        ReportWriter.WriteAll(Result(), _folder);
        var html = File.ReadAllText(Path.Combine(_folder, "report.html"));

        Assert.That(html, Does.Contain("data:image/png;base64,"));
        Assert.That(html, Does.Not.Contain("<script"));
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<link"));
        Assert.That(html, Does.Contain("FAILED"));
    }

    [Test]
    public void WriteAll_Csv_HasHeaderAndOneRowPerScenarioAndQuotesCommas()
    {
        ReportWriter.WriteAll(Result(), _folder);
        var stats = File.ReadAllLines(Path.Combine(_folder, "stats.csv"));
        var timeline = File.ReadAllLines(Path.Combine(_folder, "timeline.csv"));

        Assert.That(stats[0], Does.StartWith("test_name,scenario,step,duration_s,request_count,ok,failed,cancelled,dropped"));
        Assert.That(stats[0], Does.Contain("p99_9_ms"));
        Assert.That(stats, Has.Length.EqualTo(3));
        Assert.That(stats[1], Does.StartWith("report-test,\"open,model\",,10,100,95,5,1,2,"));
        Assert.That(timeline, Has.Length.EqualTo(1 + 20));
        Assert.That(stats.Skip(1).All(l => CountCells(l) == CountCells(stats[0])), Is.True);
    }

    [Test]
    public void WriteAll_Markdown_HasSummaryThresholdsEvidenceAndPlot()
    {
        ReportWriter.WriteAll(Result(), _folder);
        var md = File.ReadAllText(Path.Combine(_folder, "report.md"));

        Assert.That(md, Does.Contain("| scenario | ok | fail | cancelled | dropped | ok rps | min | mean | p50 | p75 | p95 | p99 | p99.9 | max | bytes |"));
        Assert.That(md, Does.Contain("| closed | fail % < 1 | **FAIL** | 5 % |"));
        Assert.That(md, Does.Contain("| accept queue | 11 |"));
        Assert.That(md, Does.Contain("![latency over time](latency.png)"));
    }

    /// <summary>Issue 11: the report says what each column measures, in particular the three the issue made consistent.</summary>
    [Test]
    public void WriteAll_Markdown_SaysWhatEachColumnMeasures()
    {
        ReportWriter.WriteAll(Result(), _folder);
        var md = File.ReadAllText(Path.Combine(_folder, "report.md"));

        Assert.That(md, Does.Contain("- **ok rps**: ok completions divided by the measured time: phases plus drain"), "ok rps divides by a time that includes the drain");
        Assert.That(md, Does.Contain("- **timeline p50/p95/p99**: ").And.Contain("empty (a gap in the plot) when none did, never 0"), "an interval without completions is a gap");
        Assert.That(md, Does.Contain("response time from the scheduled start"), "open-model latency counts from the scheduled start");
        foreach (var column in new[] { "ok / fail", "cancelled", "dropped", "min .. max", "runner CPU", "bytes" })
        {
            Assert.That(md, Does.Contain($"- **{column}**: "), column);
        }
    }

    [Test]
    public void ConsoleReport_Redirected_WritesOnePlainLinePerInterval()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(writer) });
        var report = new ConsoleReport(console, ConsoleMode.Auto);
        var stats = StatsFixtures.Scenario("s1");

        foreach (var i in stats.Timeline)
        {
            report.Interval("s1", i);
        }

        report.RunFinished(Result());
        var lines = writer.ToString().Split('\n');

        Assert.That(lines.Count(l => l.StartsWith("[load] s1 t=", StringComparison.Ordinal)), Is.EqualTo(10));
        Assert.That(writer.ToString(), Does.Contain("load: FAILED"));
    }

    private static int CountCells(string line)
    {
        var cells = 1;
        var quoted = false;
        foreach (var c in line)
        {
            quoted ^= c == '"';
            cells += c == ',' && !quoted ? 1 : 0;
        }

        return cells;
    }
}
