using SocketBench.Processes;

namespace SocketBench.Bench.Sections;

/// <summary>
/// 3: fresh connections per second with one closed-loop copy (connect, 64 B, half-close, wait for
/// the server's close), 1 s per server per round, interleaved; the server's CPU per message tells
/// servers apart where all of them sit at the kernel's ceiling. The C and C# servers are the judged
/// pair and sit at parity while a disturbed 1 s run drops by up to 25%, so they run
/// <see cref="BenchOptions.CloseRounds"/> (27 by default); Python, reported only, runs in every
/// <see cref="BenchOptions.CloseRoundFactor"/>-th of them (9).
/// </summary>
public static class RateSection
{
    private static readonly string[] Ours = ["c", "csharp", "python"];
    private static readonly string[] Judged = ["c", "csharp"];

    /// <summary>
    /// The servers measured in <paramref name="round"/> (1-based), in their order: the judged pair
    /// every round, Python every <see cref="BenchOptions.CloseRoundFactor"/>-th round from the first;
    /// the order flips every round.
    /// </summary>
    public static IReadOnlyList<string> ServersFor(int round)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        var servers = (round - 1) % BenchOptions.CloseRoundFactor == 0 ? Ours : Judged;
        return round % 2 == 0 ? [.. servers.Reverse()] : servers;
    }

    public static async Task RunAsync(BenchRun run)
    {
        var servers = new Dictionary<string, ServerProcess>();
        try
        {
            foreach (var impl in Ours)
            {
                servers[impl] = await BenchServers.OursAsync(impl, Sink.DevNull).ConfigureAwait(false);
            }

            var rounds = run.Options.CloseRounds;
            for (var round = 1; round <= rounds; round++)
            {
                run.Log($"rate: round {round}/{rounds}");
                foreach (var impl in ServersFor(round))
                {
                    var server = servers[impl];
                    await run.TryAsync($"rate {impl}", async () =>
                    {
                        var cpu0 = server.CpuTime;
                        var gen = await LoadGenRun.MeasureAsync(server.EndPoint, 1, 1).ConfigureAwait(false);
                        var cpu = server.CpuTime - cpu0;
                        run.Add(Measures.Rate, impl, round, gen.Rate, "msg/s");
                        if (gen.Ok > 0)
                        {
                            run.Add(Measures.RateServerCpu, impl, round, cpu.TotalMicroseconds / gen.Ok, "us/msg");
                        }
                    }).ConfigureAwait(false);
                }
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
}
