using System.Globalization;
using SocketBench.Processes;

namespace SocketBench.Bench.Sections;

/// <summary>
/// 6: the load runner's closed model of B+1 = 11 copies (its scenario 3, first phase) against a
/// minimal C generator with 11 copies, both aimed (<c>--target</c>) at the same C server, pinned to
/// the server CPU with its stdout to /dev/null, while both generators run on the client CPU
/// (taskset, through spawntime for bin/load and directly for cloadgen) with nothing else there.
/// The same interleaved rounds as every other section (<c>--rounds</c>), the order flipping every
/// round, so the interval is computed on as many per-round ratios. Each run lasts
/// <see cref="Seconds"/> s per phase; bin/load does not wait for TIME_WAIT to drain
/// (<c>--tw-wait 0</c>): both generators meet the same server and the same namespace round after
/// round, and waiting up to 10 s per round is what kept this section at 3 rounds. This section runs
/// <see cref="BenchOptions.CloseRounds"/> (27 by default; about 2.5 minutes).
/// </summary>
/// <remarks>
/// <para>Why /dev/null and not a pipe: a reader (<c>cat</c>) of the server's stdout on the client CPU
/// sits in the server's session, and every child the bench starts gets a session of its own
/// (<c>setsid</c>), so with the kernel's session autogroups the reader is a scheduling group
/// of its own next to the generator's. It then preempts the generator on most of its wake-ups
/// (0.6-0.8 involuntary context switches per message instead of 0.03), which cut both generators'
/// rates by 15-30% and measured their sensitivity to preemption more than their pace: bin/load
/// 0.89-0.92x cloadgen with the reader, 0.99-1.00x without (2026-12-02, README Performance).
/// With nothing else on the client CPU it is saturated by the generator (under 1% idle) and the
/// server CPU keeps about half its time idle, so the generator's own cost sets the rate.</para>
/// <para>Per message, two CPU measures: <c>load/own-cpu</c>, the generator's own CPU (bin/load: its
/// in-process figure for the 11-copy phase, the scheduler's run only; cloadgen: its whole run), and
/// <c>load/cpu</c>, that plus the server's CPU per message (bin/load: over its whole run, whose
/// second phase sends the same short messages).</para>
/// </remarks>
public static class LoadSection
{
    private const int Seconds = 2;
    private const int Copies = 11;
    private const string Phase = "3-closed-11";
    private const string Runner = "bin/load";
    private const string CLoadGen = "cloadgen";
    private static readonly string[] Subjects = [Runner, CLoadGen];

    public static async Task RunAsync(BenchRun run)
    {
        await using var server = await BenchServers.OursAsync("c", Sink.DevNull).ConfigureAwait(false);
        var rounds = run.Options.CloseRounds;
        for (var round = 1; round <= rounds; round++)
        {
            run.Log($"load: round {round}/{rounds}");
            foreach (var subject in round % 2 == 0 ? Subjects.Reverse() : Subjects)
            {
                await run.TryAsync($"load {subject}", () => subject == Runner ? RunnerAsync(run, round, server) : CLoadGenAsync(run, round, server)).ConfigureAwait(false);
            }
        }
    }

    private static async Task CLoadGenAsync(BenchRun run, int round, ServerProcess server)
    {
        var cpu0 = server.CpuTime;
        var gen = await LoadGenRun.MeasureAsync(server.EndPoint, Copies, Seconds).ConfigureAwait(false);
        var cpu = server.CpuTime - cpu0;
        run.Add(Measures.LoadRate, CLoadGen, round, gen.Rate, "msg/s");
        if (gen.Ok > 0)
        {
            var own = gen.CpuMilliseconds * 1000 / gen.Ok;
            run.Add(Measures.LoadOwnCpu, CLoadGen, round, own, "us/msg");
            run.Add(Measures.LoadCpu, CLoadGen, round, own + (cpu.TotalMicroseconds / gen.Ok), "us/msg");
        }
    }

    private static async Task RunnerAsync(BenchRun run, int round, ServerProcess server)
    {
        var reports = Path.Combine(run.WorkDir, $"load-{round}");
        var cpu0 = server.CpuTime;
        _ = await SpawnRun.MeasureAsync(
            Tools.LoadRunner,
            ["--target", $"{Tools.Host}:{server.Port.ToString(CultureInfo.InvariantCulture)}", "--scenarios", "3", "--duration", Seconds.ToString(CultureInfo.InvariantCulture), "--tw-wait", "0", "--console", "off", "--reports", reports],
            "/dev/null",
            1,
            0,
            TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        var serverCpu = server.CpuTime - cpu0;
        var stats = Csv.Read(Path.Combine(reports, "stats.csv"));
        var row = stats.FirstOrDefault(r => r.GetValueOrDefault("scenario", "").StartsWith(Phase, StringComparison.Ordinal))
            ?? throw new BenchException($"bin/load wrote no {Phase} row to stats.csv");
        run.Add(Measures.LoadRate, Runner, round, Number(row, "ok_rps"), "msg/s");
        var own = Number(row, "runner_cpu_us_per_iteration");
        var ok = stats.Sum(r => double.TryParse(r.GetValueOrDefault("ok", "0"), CultureInfo.InvariantCulture, out var n) ? n : 0);
        if (ok > 0 && own > 0)
        {
            run.Add(Measures.LoadOwnCpu, Runner, round, own, "us/msg");
            run.Add(Measures.LoadCpu, Runner, round, own + (serverCpu.TotalMicroseconds / ok), "us/msg");
        }
    }

    private static double Number(Dictionary<string, string> row, string column) =>
        double.TryParse(row.GetValueOrDefault(column, ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new BenchException($"bin/load's stats.csv has no number in column {column}");
}
