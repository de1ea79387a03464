using System.Net;
using System.Net.Sockets;
using SocketBench.Bench.Sections;
using SocketBench.Processes;

namespace SocketBench.Bench.Tests;

/// <summary>
/// What the proxy section measures, started and not measured: with TOXIPROXY_BIN naming a
/// Toxiproxy-compatible server (ours stands in for the real one here) that server gets its own subject;
/// without it, or when it is missing, only direct and our proxy. Each proxy subject relays to the upstream.
/// </summary>
[TestFixture]
public sealed class ProxySubjectsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly string OurProxy = RepoRoot.Bin("toxiproxy-server");

    [Test]
    public async Task StartAsync_NoToxiproxyBin_DirectAndOursForwarding()
    {
        using var upstream = Listen();
        var log = new List<string>();

        await using var proxies = await ProxySubjects.StartAsync(EndPointOf(upstream), OurProxy, null, log.Add);

        Assert.That(proxies.Subjects.Select(s => s.Name), Is.EqualTo(new[] { "direct", "proxy" }));
        Assert.That(proxies.Subjects[0].Target, Is.EqualTo(EndPointOf(upstream)));
        await AssertForwardsAsync(proxies.Subjects[1].Target, upstream);
        Assert.That(log, Is.Empty);
    }

    [Test]
    public async Task StartAsync_ToxiproxyBinGiven_ItsOwnSubjectForwarding()
    {
        using var upstream = Listen();

        await using var proxies = await ProxySubjects.StartAsync(EndPointOf(upstream), OurProxy, OurProxy, _ => { });

        Assert.That(proxies.Subjects.Select(s => s.Name), Is.EqualTo(new[] { "direct", "proxy", "toxiproxy" }));
        Assert.That(proxies.Subjects[2].Target, Is.Not.EqualTo(proxies.Subjects[1].Target), "a second server, not our proxy again");
        await AssertForwardsAsync(proxies.Subjects[2].Target, upstream);
    }

    [Test]
    public async Task StartAsync_ToxiproxyBinMissing_LeftOutWithAMessage()
    {
        using var upstream = Listen();
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-toxiproxy-{Guid.NewGuid():N}");
        var log = new List<string>();

        await using var proxies = await ProxySubjects.StartAsync(EndPointOf(upstream), OurProxy, missing, log.Add);

        Assert.That(proxies.Subjects.Select(s => s.Name), Is.EqualTo(new[] { "direct", "proxy" }));
        Assert.That(log, Has.One.Contains($"{missing} does not exist; the real Toxiproxy is left out"));
    }

    /// <summary>A connection to <paramref name="target"/> is relayed: one arrives at <paramref name="upstream"/>.</summary>
    private static async Task AssertForwardsAsync(IPEndPoint target, Socket upstream)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(target).WaitAsync(Long);
        using var relayed = await upstream.AcceptAsync().WaitAsync(Long);

        Assert.That(relayed.Connected, Is.True);
    }

    private static IPEndPoint EndPointOf(Socket listener) => (IPEndPoint)listener.LocalEndPoint!;

    private static Socket Listen()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.Listen(10);
        return s;
    }
}
