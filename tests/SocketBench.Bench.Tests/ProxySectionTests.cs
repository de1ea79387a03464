using SocketBench.Bench.Sections;
using SocketBench.Processes;

namespace SocketBench.Bench.Tests;

/// <summary>
/// The published bench's proxy section, end to end: with TOXIPROXY_BIN naming a Toxiproxy-compatible
/// server (ours stands in for the real one here) that server is measured in the same rounds and
/// reported as its own subject; without it, only direct and our proxy appear.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ProxySectionTests
{
    private string _reports = "";

    [SetUp]
    public void SetUp() => _reports = Directory.CreateTempSubdirectory("bench-proxy-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_reports, recursive: true);

    [Test]
    public async Task ToxiproxyBin_IsMeasuredInTheSameRounds()
    {
        var markdown = await RunProxySectionAsync(RepoRoot.Bin("toxiproxy-server"));

        Assert.That(Table(markdown, "proxy/rate"), Does.Contain("| toxiproxy |").And.Contain("| proxy |").And.Contain("| direct |"));
        Assert.That(Table(markdown, "proxy/tput"), Does.Contain("| toxiproxy |"));
        Assert.That(markdown, Does.Contain("fresh connections through the proxy vs direct"), "the targets still judge our proxy");
    }

    [Test]
    public async Task WithoutToxiproxyBin_OnlyDirectAndOursAreMeasured()
    {
        var markdown = await RunProxySectionAsync(null);

        Assert.That(Table(markdown, "proxy/rate"), Does.Contain("| proxy |").And.Not.Contain("| toxiproxy |"));
    }

    [Test]
    public async Task MissingToxiproxyBin_IsLeftOutWithAMessage()
    {
        var result = await RunBenchAsync(Path.Combine(_reports, "no-such-toxiproxy"));

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stderr, Does.Contain("does not exist; the real Toxiproxy is left out"));
    }

    private static string Table(string markdown, string measure)
    {
        var start = markdown.IndexOf($"## {measure} ", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"no {measure} table in the report");
        var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    private async Task<string> RunProxySectionAsync(string? toxiproxyBin)
    {
        var result = await RunBenchAsync(toxiproxyBin);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        return await File.ReadAllTextAsync(Path.Combine(_reports, "bench-latest.md"));
    }

    private async Task<ProcessResult> RunBenchAsync(string? toxiproxyBin)
    {
        var options = new ChildProcessOptions
        {
            FileName = RepoRoot.Bin("bench"),
            Arguments = ["--only", "proxy", "--quick", "--reports", _reports],
            Environment = new Dictionary<string, string?> { [ProxySection.RealToxiproxyVariable] = toxiproxyBin },
        };
        return await ProcessResult.RunAsync(options, stdin: null, TimeSpan.FromMinutes(3));
    }
}
