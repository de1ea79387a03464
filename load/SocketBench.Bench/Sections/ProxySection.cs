using System.Globalization;
using System.Net;
using SocketBench.Processes;

namespace SocketBench.Bench.Sections;

/// <summary>
/// 5: our fault proxy with no toxics in front of the C server, against the same server direct:
/// fresh-connection rate and round-trip p50 (cloadgen, 1 copy, 1 s each, interleaved), and bulk
/// throughput of the C client (the throughput section's message size). Client and server are pinned
/// as everywhere (<see cref="Placement"/>); the proxy is not: it runs where the scheduler puts it, as
/// users run it (pinning it beside the server halved the bulk rate in some runs and not in others).
/// With <c>TOXIPROXY_BIN</c> naming a real Toxiproxy server, it is measured in the same rounds
/// (subject "toxiproxy", reported, never judged). Both kinds of rounds also measure the floor
/// "floor C relay" (bin/tools/crelay, placed like the proxy: one connection at a time, poll and 64 KiB
/// read/write, nothing else), what any relay pays per connection and per byte on this machine.
/// </summary>
public static class ProxySection
{
    /// <summary>The environment variable naming a real <c>toxiproxy-server</c> to compare with.</summary>
    public const string RealToxiproxyVariable = "TOXIPROXY_BIN";

    private const int BulkRounds = 5;
    private const string FloorSubject = "floor C relay";

    public static async Task RunAsync(BenchRun run)
    {
        await using var server = await BenchServers.OursAsync("c", Sink.DevNull).ConfigureAwait(false);
        var realToxiproxy = Environment.GetEnvironmentVariable(RealToxiproxyVariable);
        await using var proxies = await ProxySubjects.StartAsync(server.EndPoint, Tools.ProxyServer, realToxiproxy, run.Log).ConfigureAwait(false);
        await using var floor = await StartFloorAsync(server.EndPoint).ConfigureAwait(false);
        List<(string Name, IPEndPoint Target)> subjects = [.. proxies.Subjects, (FloorSubject, floor.EndPoint)];
        for (var round = 1; round <= run.Options.Rounds; round++)
        {
            run.Log($"proxy: round {round}/{run.Options.Rounds}");
            foreach (var (name, target) in InRoundOrder(subjects, round))
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
            foreach (var (name, target) in InRoundOrder(subjects, round))
            {
                await run.TryAsync($"proxy bulk {name}", async () =>
                {
                    var port = target.Port.ToString(CultureInfo.InvariantCulture);
                    var timed = (await SpawnRun.MeasureAsync(Tools.Client("c"), [Tools.Host, port], data, 1, 0, TimeSpan.FromSeconds(120)).ConfigureAwait(false))[0];
                    run.Add(Measures.ProxyTput, name, round, run.Options.ThroughputBytes / 1073741824.0 / (timed.Milliseconds / 1000), "GiB/s");
                }).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Odd rounds in the listed order, even rounds reversed, so no subject always goes first.</summary>
    private static IEnumerable<(string Name, IPEndPoint Target)> InRoundOrder(List<(string Name, IPEndPoint Target)> subjects, int round) =>
        round % 2 == 1 ? subjects : Enumerable.Reverse(subjects);

    private static Task<ServerProcess> StartFloorAsync(IPEndPoint upstream)
    {
        return ServerProcess.StartAsync(new ServerStartOptions
        {
            FileName = Tools.CRelay,
            Arguments = [upstream.Address.ToString(), upstream.Port.ToString(CultureInfo.InvariantCulture)],
            Child = new ChildProcessOptions { FileName = Tools.CRelay, StdoutCapBytes = 0, StderrCapBytes = 64 * 1024 },
        });
    }
}
