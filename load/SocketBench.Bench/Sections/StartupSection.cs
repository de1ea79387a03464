namespace SocketBench.Bench.Sections;

/// <summary>
/// 2: client start-to-exit sending 2 bytes to a running C server, interleaved by round, with
/// /bin/true and an AOT "hello" as floors (what any process, and any .NET AOT process, costs).
/// </summary>
public static class StartupSection
{
    private const int RunsPerRound = 5;

    public static async Task RunAsync(BenchRun run)
    {
        var input = Path.Combine(run.WorkDir, "two-bytes");
        await File.WriteAllTextAsync(input, "hi").ConfigureAwait(false);
        await using var server = await BenchServers.OursAsync("c", Sink.DevNull).ConfigureAwait(false);
        var port = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var subjects = new List<(string Name, string File, string[] Args)>
        {
            ("floor /bin/true", "/bin/true", []),
            ("c", Tools.Client("c"), [Tools.Host, port]),
            ("csharp", Tools.Client("csharp"), [Tools.Host, port]),
            ("python", Tools.Client("python"), [Tools.Host, port]),
        };
        if (File.Exists(Tools.AotHello))
        {
            subjects.Insert(1, ("floor AOT hello", Tools.AotHello, []));
        }

        for (var round = 1; round <= run.Options.Rounds; round++)
        {
            run.Log($"startup: round {round}/{run.Options.Rounds}");
            foreach (var (name, file, args) in round % 2 == 0 ? Enumerable.Reverse(subjects) : subjects)
            {
                await run.TryAsync($"startup {name}", async () =>
                {
                    foreach (var timed in await SpawnRun.MeasureAsync(file, args, input, RunsPerRound, 1, TimeSpan.FromSeconds(30)).ConfigureAwait(false))
                    {
                        run.Add(Measures.Start, name, round, timed.Milliseconds, "ms");
                        run.Add(Measures.StartCpu, name, round, timed.CpuMilliseconds, "ms");
                    }
                }).ConfigureAwait(false);
            }
        }
    }
}
