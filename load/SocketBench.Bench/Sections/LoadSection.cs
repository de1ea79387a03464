using System.Globalization;
using SocketBench.Processes;

namespace SocketBench.Bench.Sections;

/// <summary>
/// 6: the load runner's closed model of B+1 = 11 copies (its scenario 3, first phase) against a
/// minimal C generator with 11 copies, both aimed (<c>--target</c>) at the same C server, pinned to
/// the server CPU with its stdout in a pipe, while the generators run on the client CPU. CPU per
/// message: the generator's own plus the server's.
/// </summary>
public static class LoadSection
{
    private const int Rounds = 3;
    private const int Seconds = 3;
    private const string Phase = "3-closed-11";

    public static async Task RunAsync(BenchRun run)
    {
        await using var server = await BenchServers.OursAsync("c", Sink.Pipe).ConfigureAwait(false);
        for (var round = 1; round <= Rounds; round++)
        {
            run.Log($"load: round {round}/{Rounds}");
            await run.TryAsync("load bin/load", () => RunnerAsync(run, round, server)).ConfigureAwait(false);
            await run.TryAsync("load cloadgen", async () =>
            {
                var cpu0 = server.CpuTime;
                var gen = await LoadGenRun.MeasureAsync(server.EndPoint, 11, Seconds).ConfigureAwait(false);
                var cpu = server.CpuTime - cpu0;
                run.Add(Measures.LoadRate, "cloadgen", round, gen.Rate, "msg/s");
                if (gen.Ok > 0)
                {
                    run.Add(Measures.LoadCpu, "cloadgen", round, ((gen.CpuMilliseconds * 1000) + cpu.TotalMicroseconds) / gen.Ok, "us/msg");
                }
            }).ConfigureAwait(false);
        }
    }

    private static async Task RunnerAsync(BenchRun run, int round, ServerProcess server)
    {
        var reports = Path.Combine(run.WorkDir, $"load-{round}");
        var cpu0 = server.CpuTime;
        var timed = (await SpawnRun.MeasureAsync(
            Tools.LoadRunner,
            ["--target", $"{Tools.Host}:{server.Port.ToString(CultureInfo.InvariantCulture)}", "--scenarios", "3", "--duration", Seconds.ToString(CultureInfo.InvariantCulture), "--tw-wait", "10", "--console", "off", "--reports", reports],
            "/dev/null",
            1,
            0,
            TimeSpan.FromSeconds(180)).ConfigureAwait(false))[0];
        var stats = Csv.Read(Path.Combine(reports, "stats.csv"));
        var row = stats.FirstOrDefault(r => r.GetValueOrDefault("scenario", "").StartsWith(Phase, StringComparison.Ordinal))
            ?? throw new BenchException($"bin/load wrote no {Phase} row to stats.csv");
        var rate = double.Parse(row["ok_rps"], CultureInfo.InvariantCulture);
        run.Add(Measures.LoadRate, "bin/load", round, rate, "msg/s");
        var ok = stats.Sum(r => double.TryParse(r.GetValueOrDefault("ok", "0"), CultureInfo.InvariantCulture, out var n) ? n : 0);
        if (ok > 0)
        {
            // The runner's own CPU and the server's over the whole scenario (probes included): an upper bound per message.
            run.Add(Measures.LoadCpu, "bin/load", round, ((timed.CpuMilliseconds * 1000) + (server.CpuTime - cpu0).TotalMicroseconds) / ok, "us/msg");
        }
    }
}
