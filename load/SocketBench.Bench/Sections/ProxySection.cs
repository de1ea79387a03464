using SocketBench.Processes;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Bench.Sections;

/// <summary>
/// 5: our fault proxy with no toxics in front of the C server, against the same server direct:
/// fresh-connection rate and round-trip p50 (cloadgen, 1 copy, 1 s each, interleaved), and bulk
/// throughput of the C client (the throughput section's message size).
/// </summary>
public static class ProxySection
{
    private const int BulkRounds = 5;

    public static async Task RunAsync(BenchRun run)
    {
        await using var api = await ServerProcess.StartAsync(new ServerStartOptions
        {
            FileName = Tools.ProxyServer,
            Arguments = ["-host", Tools.Host, "-port"],
            Child = new ChildProcessOptions { FileName = Tools.ProxyServer, StdoutCapBytes = 64 * 1024, StderrCapBytes = 256 * 1024 },
        }).ConfigureAwait(false);
        using var client = new ToxiproxyClient(new Uri($"http://{Tools.Host}:{api.Port}"));
        await using var server = await BenchServers.OursAsync("c", Sink.DevNull).ConfigureAwait(false);
        var proxy = await client.CreateProxyAsync("bench", new UpstreamAddress(server.EndPoint), ListenAddress.LoopbackAnyPort).ConfigureAwait(false);
        var viaProxy = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, proxy.ListenPort);
        for (var round = 1; round <= run.Options.Rounds; round++)
        {
            run.Log($"proxy: round {round}/{run.Options.Rounds}");
            foreach (var (name, target) in round % 2 == 0 ? [("proxy", viaProxy), ("direct", server.EndPoint)] : new[] { ("direct", server.EndPoint), ("proxy", viaProxy) })
            {
                await run.TryAsync($"proxy rate {name}", async () =>
                {
                    var gen = await LoadGenRun.MeasureAsync(target, 1, 1).ConfigureAwait(false);
                    run.Add(Measures.ProxyRate, name, round, gen.Rate, "conn/s");
                    run.Add(Measures.ProxyP50, name, round, gen.P50Microseconds, "us");
                }).ConfigureAwait(false);
            }
        }

        var data = run.DataFile(run.Options.ThroughputBytes);
        for (var round = 1; round <= Math.Min(BulkRounds, run.Options.Rounds); round++)
        {
            foreach (var (name, port) in new[] { ("direct", server.Port), ("proxy", proxy.ListenPort) })
            {
                await run.TryAsync($"proxy bulk {name}", async () =>
                {
                    var timed = (await SpawnRun.MeasureAsync(Tools.Client("c"), [Tools.Host, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], data, 1, 0, TimeSpan.FromSeconds(120)).ConfigureAwait(false))[0];
                    run.Add(Measures.ProxyTput, name, round, run.Options.ThroughputBytes / 1073741824.0 / (timed.Milliseconds / 1000), "GiB/s");
                }).ConfigureAwait(false);
            }
        }
    }
}
