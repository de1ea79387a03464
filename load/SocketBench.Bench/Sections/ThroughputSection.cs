using System.Globalization;
using SocketBench.Processes;

namespace SocketBench.Bench.Sections;

/// <summary>
/// 1 (and 4): a large message from each client to its own server, stdout to /dev/null and into a
/// pipe, interleaved round by round (the order flips every round so no pair always runs first);
/// the client's peak RSS for the large and a 1 KiB message; nc and socat as peers, iperf3 -l 1M as
/// the ceiling (its default 128 KiB writes are below a plain C pair). Which round runs what:
/// <see cref="ThroughputPlan"/> (three /dev/null rounds per full round).
/// </summary>
/// <remarks>
/// <para>A round's throughput of a subject is the best of <see cref="Repetitions"/> transfers,
/// interleaved with the other subjects' (rep 1 of every pair, then rep 2, ...). On a shared machine
/// another process can only slow a transfer down, never speed it up, and a disturbance of a second
/// or two now and then hit one subject of a round and not the other: per-round ratios then spread
/// from 0.6x to 1.5x (and 2.9x). The best of a few
/// estimates the undisturbed rate the same way for every subject (timeit's rule), so the
/// per-round ratio's interval narrows without favouring either side.</para>
/// <para>Before round 1 every pair and sink makes one untimed transfer (warm-up: the first transfer
/// after the data file was written ran at a third of the usual pipe rate). Every timed transfer also
/// records the pair's CPU per GiB (client, server and reader: <c>tput/*-cpu</c>): mostly steady
/// while the rate moves, but on a virtual machine without steal accounting a descheduled CPU shows
/// as CPU time too, so it explains a slow round, it does not filter one.</para>
/// </remarks>
public static class ThroughputSection
{
    private static readonly string[] Ours = ["c", "csharp", "python"];
    private static readonly Sink[] Sinks = [Sink.DevNull, Sink.Pipe];

    /// <summary>Timed transfers per subject, sink and round; the round keeps the best.</summary>
    public const int Repetitions = 3;

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
                foreach (var sink in Sinks)
                {
                    servers[(impl, sink)] = await BenchServers.OursAsync(impl, sink).ConfigureAwait(false);
                }
            }

            await using var nc = await BenchServers.PeerAsync("nc", "nc -l -k 127.0.0.1 \"$1\" </dev/null >/dev/null").ConfigureAwait(false);
            await using var socat = await BenchServers.PeerAsync("socat", "socat -u -b 65536 TCP-LISTEN:\"$1\",bind=127.0.0.1,reuseaddr,fork STDOUT >/dev/null").ConfigureAwait(false);
            run.Log("throughput: warm-up (one untimed transfer per pair and sink)");
            foreach (var (impl, sink) in servers.Keys)
            {
                await run.TryAsync($"throughput warm-up {impl} {sink}", () => TransferAsync(servers[(impl, sink)], impl, data, bytes)).ConfigureAwait(false);
            }

            var plan = ThroughputPlan.For(run.Options.Rounds);
            foreach (var step in plan)
            {
                var round = step.Round;
                run.Log($"throughput: round {round}/{plan.Count}{(step.Full ? "" : " (/dev/null)")}");
                var order = (round % 2 == 0 ? Ours.Reverse() : Ours).Where(i => i != "python" || step.Python).ToList();
                await RoundAsync(run, round, order, step.Sinks, servers, data, bytes).ConfigureAwait(false);
                if (step.Full)
                {
                    foreach (var impl in order)
                    {
                        await run.TryAsync($"memory {impl} 1 KiB", () => SmallAsync(run, round, impl, servers[(impl, Sink.DevNull)], small)).ConfigureAwait(false);
                    }
                }

                if (step.Peers)
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

    /// <summary>One round: <see cref="Repetitions"/> passes over every pair and sink; each keeps its best rate.</summary>
    private static async Task RoundAsync(BenchRun run, int round, List<string> order, IReadOnlyList<Sink> sinks, Dictionary<(string, Sink), ServerProcess> servers, string data, long bytes)
    {
        var best = new Dictionary<(string Impl, Sink Sink), double>();
        for (var rep = 0; rep < Repetitions; rep++)
        {
            foreach (var impl in order)
            {
                foreach (var sink in sinks)
                {
                    await run.TryAsync($"throughput {impl} {sink}", async () =>
                    {
                        var t = await TransferAsync(servers[(impl, sink)], impl, data, bytes).ConfigureAwait(false);
                        best[(impl, sink)] = Math.Max(best.GetValueOrDefault((impl, sink)), t.GibPerSecond);
                        run.Add(sink == Sink.DevNull ? Measures.TputDevNullCpu : Measures.TputPipeCpu, impl, round, t.CpuSecondsPerGib, "s/GiB");
                        if (sink == Sink.DevNull)
                        {
                            run.Add(Measures.ClientRss, $"{impl} 1GiB", round, t.PeakRssMiB, "MiB");
                        }
                    }).ConfigureAwait(false);
                }
            }
        }

        foreach (var ((impl, sink), rate) in best)
        {
            run.Add(sink == Sink.DevNull ? Measures.TputDevNull : Measures.TputPipe, impl, round, rate, "GiB/s");
        }
    }

    /// <summary>One timed transfer: its rate, the pair's CPU (client plus the server's process tree) per GiB, the client's peak RSS.</summary>
    private static async Task<Transfer> TransferAsync(ServerProcess server, string impl, string data, long bytes)
    {
        var cpu0 = server.CpuTime;
        var timed = (await SpawnRun.MeasureAsync(Tools.Client(impl), [Tools.Host, Port(server)], data, 1, 0, TimeSpan.FromSeconds(120)).ConfigureAwait(false))[0];
        var gib = bytes / 1073741824.0;
        var cpu = (server.CpuTime - cpu0).TotalSeconds + (timed.CpuMilliseconds / 1000);
        return new Transfer(gib / (timed.Milliseconds / 1000), cpu / gib, timed.PeakRssMiB);
    }

    private readonly record struct Transfer(double GibPerSecond, double CpuSecondsPerGib, double PeakRssMiB);

    private static string Port(ServerProcess server) => server.Port.ToString(CultureInfo.InvariantCulture);

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
        for (var round = 1; round <= ThroughputPlan.PeerRounds; round++)
        {
            var (file, args) = Placement.Client(iperf, ["-c", Tools.Host, "-p", Port(server), "-l", "1M", "-t", "2", "-J"]);
            var json = await Tools.RunAsync(file, args, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var bits = doc.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
            run.Add(Measures.TputDevNull, "iperf3 -l 1M", round, bits / 8 / 1073741824.0, "GiB/s");
        }
    }
}
