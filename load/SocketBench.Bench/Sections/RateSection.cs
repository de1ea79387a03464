using SocketBench.Processes;

namespace SocketBench.Bench.Sections;

/// <summary>
/// 3: fresh connections per second with one closed-loop copy (connect, 64 B, half-close, wait for
/// the server's close), 1 s per server per round, interleaved; the server's CPU per message tells
/// servers apart where all of them sit at the kernel's ceiling.
/// </summary>
public static class RateSection
{
    private static readonly string[] Ours = ["c", "csharp", "python"];

    public static async Task RunAsync(BenchRun run)
    {
        var servers = new Dictionary<string, ServerProcess>();
        try
        {
            foreach (var impl in Ours)
            {
                servers[impl] = await BenchServers.OursAsync(impl, Sink.DevNull).ConfigureAwait(false);
            }

            for (var round = 1; round <= run.Options.Rounds; round++)
            {
                run.Log($"rate: round {round}/{run.Options.Rounds}");
                foreach (var impl in round % 2 == 0 ? Ours.Reverse() : Ours)
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
