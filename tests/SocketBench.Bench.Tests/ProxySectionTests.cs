using SocketBench.Bench.Sections;
using SocketBench.Processes;

namespace SocketBench.Bench.Tests;

/// <summary>
/// The published bench's proxy section, end to end (the one test here that measures): with TOXIPROXY_BIN
/// naming a Toxiproxy-compatible server (ours stands in for the real one) that server is measured in the
/// same rounds and reported as its own subject. Which subjects are started, without measuring:
/// <see cref="ProxySubjectsTests"/>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ProxySectionTests
{
    private static readonly string OurProxy = RepoRoot.Bin("toxiproxy-server");
    private string _reports = "";

    [SetUp]
    public void SetUp() => _reports = Directory.CreateTempSubdirectory("bench-proxy-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_reports, recursive: true);

    [Test]
    public async Task RunAsync_ToxiproxyBin_IsMeasuredInTheSameRounds()
    {
        var options = new ChildProcessOptions
        {
            FileName = RepoRoot.Bin("bench"),
            Arguments = ["--only", "proxy", "--quick", "--reports", _reports],
            Environment = new Dictionary<string, string?> { [ProxySection.RealToxiproxyVariable] = OurProxy },
        };
        var result = await ProcessResult.RunAsync(options, stdin: null, TimeSpan.FromMinutes(3));
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        var markdown = await File.ReadAllTextAsync(Path.Combine(_reports, "bench-latest.md"));

        Assert.That(Table(markdown, "proxy/rate"), Does.Contain("| toxiproxy |").And.Contain("| proxy |").And.Contain("| direct |"));
        Assert.That(Table(markdown, "proxy/tput"), Does.Contain("| toxiproxy |"));
        Assert.That(markdown, Does.Contain("fresh connections through the proxy vs direct"), "the targets still judge our proxy");
    }

    private static string Table(string markdown, string measure)
    {
        var start = markdown.IndexOf($"## {measure} ", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"no {measure} table in the report");
        var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }
}
