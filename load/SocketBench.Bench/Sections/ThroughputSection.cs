using System.Globalization;
using SocketBench.Processes;

namespace SocketBench.Bench.Sections;

/// <summary>
/// 1 (and 4): a large message from each client to its own server, stdout to /dev/null and into a
/// pipe, interleaved round by round (the order flips every round so no pair always runs first);
/// the client's peak RSS for the large and a 1 KiB message; nc and socat as peers, iperf3 -l 1M as
/// the ceiling (its default 128 KiB writes are below a plain C pair).
/// </summary>
public static class ThroughputSection
{
    private static readonly string[] Ours = ["c", "csharp", "python"];
    private const int PeerRounds = 3;
    private const int PythonRounds = 3;

    public static async Task RunAsync(BenchRun run)
    {
        var bytes = run.Options.ThroughputBytes;
        run.Log($"throughput: writing {bytes >> 20} MiB of random bytes");
        var data = run.DataFile(bytes);
        var small = run.DataFile(1024);
        var servers = new Dictionary<(string, Sink), ServerProcess>();
        try
        {
            foreach (var impl in Ours)
            {
                foreach (var sink in (Sink[])[Sink.DevNull, Sink.Pipe])
                {
                    servers[(impl, sink)] = await BenchServers.OursAsync(impl, sink).ConfigureAwait(false);
                }
            }

            await using var nc = await BenchServers.PeerAsync("nc", "nc -l -k 127.0.0.1 \"$1\" </dev/null >/dev/null").ConfigureAwait(false);
            await using var socat = await BenchServers.PeerAsync("socat", "socat -u -b 65536 TCP-LISTEN:\"$1\",bind=127.0.0.1,reuseaddr,fork STDOUT >/dev/null").ConfigureAwait(false);
            for (var round = 1; round <= run.Options.Rounds; round++)
            {
                run.Log($"throughput: round {round}/{run.Options.Rounds}");
                var order = round % 2 == 0 ? Ours.Reverse() : Ours;
                foreach (var impl in order.Where(i => i != "python" || round <= PythonRounds))
                {
                    foreach (var sink in (Sink[])[Sink.DevNull, Sink.Pipe])
                    {
                        await run.TryAsync($"throughput {impl} {sink}", () => TransferAsync(run, round, impl, sink, servers[(impl, sink)], data, bytes)).ConfigureAwait(false);
                    }

                    await run.TryAsync($"memory {impl} 1 KiB", () => SmallAsync(run, round, impl, servers[(impl, Sink.DevNull)], small)).ConfigureAwait(false);
                }

                if (round <= PeerRounds)
                {
                    await run.TryAsync("throughput nc", () => PeerAsync(run, round, "nc", "nc", ["-N", Tools.Host, Port(nc)], data, bytes)).ConfigureAwait(false);
                    await run.TryAsync("throughput socat", () => PeerAsync(run, round, "socat -b 64K", "socat", ["-u", "-b", "65536", "STDIN", $"TCP:{Tools.Host}:{Port(socat)}"], data, bytes)).ConfigureAwait(false);
                }
            }

            await run.TryAsync("throughput iperf3", () => IperfAsync(run)).ConfigureAwait(false);
            foreach (var impl in Ours)
            {
                run.Add(Measures.ServerRss, impl, 1, servers[(impl, Sink.DevNull)].PeakRssBytes / 1048576.0, "MiB");
            }
        }
        finally
        {
            foreach (var server in servers.Values)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Port(ServerProcess server) => server.Port.ToString(CultureInfo.InvariantCulture);

    private static async Task TransferAsync(BenchRun run, int round, string impl, Sink sink, ServerProcess server, string data, long bytes)
    {
        var timed = (await SpawnRun.MeasureAsync(Tools.Client(impl), [Tools.Host, Port(server)], data, 1, 0, TimeSpan.FromSeconds(120)).ConfigureAwait(false))[0];
        run.Add(sink == Sink.DevNull ? Measures.TputDevNull : Measures.TputPipe, impl, round, bytes / 1073741824.0 / (timed.Milliseconds / 1000), "GiB/s");
        if (sink == Sink.DevNull)
        {
            run.Add(Measures.ClientRss, $"{impl} 1GiB", round, timed.PeakRssMiB, "MiB");
        }
    }

    private static async Task SmallAsync(BenchRun run, int round, string impl, ServerProcess server, string small)
    {
        var timed = (await SpawnRun.MeasureAsync(Tools.Client(impl), [Tools.Host, Port(server)], small, 1, 0, TimeSpan.FromSeconds(30)).ConfigureAwait(false))[0];
        run.Add(Measures.ClientRss, $"{impl} 1KiB", round, timed.PeakRssMiB, "MiB");
    }

    private static async Task PeerAsync(BenchRun run, int round, string subject, string program, string[] args, string data, long bytes)
    {
        var path = Tools.OnPath(program) ?? throw new BenchException($"{program} is not installed (make setup)");
        var timed = (await SpawnRun.MeasureAsync(path, args, data, 1, 0, TimeSpan.FromSeconds(120)).ConfigureAwait(false))[0];
        run.Add(Measures.TputDevNull, subject, round, bytes / 1073741824.0 / (timed.Milliseconds / 1000), "GiB/s");
    }

    private static async Task IperfAsync(BenchRun run)
    {
        var iperf = Tools.OnPath("iperf3") ?? throw new BenchException("iperf3 is not installed (make setup)");
        await using var server = await BenchServers.PeerAsync("iperf3", "iperf3 -s -B 127.0.0.1 -p \"$1\" >/dev/null").ConfigureAwait(false);
        for (var round = 1; round <= PeerRounds; round++)
        {
            var (file, args) = Placement.Client(iperf, ["-c", Tools.Host, "-p", Port(server), "-l", "1M", "-t", "2", "-J"]);
            var json = await Tools.RunAsync(file, args, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var bits = doc.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
            run.Add(Measures.TputDevNull, "iperf3 -l 1M", round, bits / 8 / 1073741824.0, "GiB/s");
        }
    }
}
