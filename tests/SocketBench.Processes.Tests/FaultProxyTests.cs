using System.Net;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Processes.Tests;

/// <summary>The fault proxy the load runner, bench and grader share, against the real bin/toxiproxy-server: started, configured through the typed client, stopped.</summary>
[TestFixture]
public sealed class FaultProxyTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static string ProxyServer => RepoRoot.Bin("toxiproxy-server");

    /// <summary>A toxic name with a quote and a backslash reaches the API intact (the hand-built JSON sent it unescaped: a 400).</summary>
    [Test]
    public async Task AddToxic_NameNeedingJsonEscapes_StoredAsGiven()
    {
        using var upstream = Listen();
        await using var faults = await FaultProxy.StartAsync(ProxyServer);
        const string Name = "slow \"quoted\" \\ name";

        var proxy = await faults.CreateProxyAsync("escapes", (IPEndPoint)upstream.LocalEndPoint!);
        await proxy.AddToxicAsync(new LatencyToxic { Name = Name, Stream = ToxicStream.Upstream, LatencyMilliseconds = 5 });

        Assert.That((await proxy.GetToxicsAsync()).Select(t => t.Name), Is.EqualTo(new[] { Name }));
    }

    [Test]
    public async Task CreateProxy_Started_ForwardsBytesToTheUpstreamAndStopsTheServerOnDispose()
    {
        using var upstream = Listen();
        var faults = await FaultProxy.StartAsync(ProxyServer);
        var pid = faults.Server!.Child.Pid;
        var proxy = await faults.CreateProxyAsync("forward", (IPEndPoint)upstream.LocalEndPoint!);

        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(FaultProxy.EndPointOf(proxy));
            await client.SendAsync("hello"u8.ToArray());
            client.Shutdown(SocketShutdown.Send);
            using var served = await upstream.AcceptAsync().WaitAsync(Long);
            var received = new MemoryStream();
            var buffer = new byte[16];
            for (var reads = 0; reads < 100; reads++)
            {
                var n = await served.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Long);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }

            Assert.That(received.ToArray(), Is.EqualTo("hello"u8.ToArray()));
        }

        await faults.DisposeAsync().AsTask().WaitAsync(Long);

        Assert.That(ProcessTree.ResidentBytes(pid), Is.Null, "the proxy server is gone");
    }

    [Test]
    public async Task StartAsync_Url_UsesThatApiStartsNothingAndDeletesOnlyItsProxies()
    {
        using var upstream = Listen();
        await using var started = await FaultProxy.StartAsync(ProxyServer);
        await started.CreateProxyAsync("kept", (IPEndPoint)upstream.LocalEndPoint!);

        var remote = await FaultProxy.StartAsync(Path.Combine(Path.GetTempPath(), "not-started"), started.Api);
        Assert.That(remote.Server, Is.Null, "nothing is started for a URL");
        await remote.CreateProxyAsync("made-remotely", (IPEndPoint)upstream.LocalEndPoint!);
        Assert.That((await started.Client.GetProxiesAsync()).Keys, Is.EquivalentTo(new[] { "kept", "made-remotely" }));
        await remote.DisposeAsync();

        Assert.That((await started.Client.GetProxiesAsync()).Keys, Is.EquivalentTo(new[] { "kept" }), "its own proxy deleted, the API left running");
    }

    [Test]
    public void StartAsync_NoServerAndNoUrl_NamesTheMissingProgram()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-toxiproxy-{Guid.NewGuid():N}");

        Assert.That(async () => await FaultProxy.StartAsync(missing),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains(missing));
    }

    private static Socket Listen()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.Listen(10);
        return s;
    }
}
