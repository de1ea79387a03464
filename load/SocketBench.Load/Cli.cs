using System.Globalization;
using System.Runtime.InteropServices;
using SocketBench.Load.Reporting;
using SocketBench.Load.Scenarios;
using SocketBench.Load.Target;
using Spectre.Console;

namespace SocketBench.Load;

/// <summary>
/// The `load` command: parse, run the selected scenarios against IMPL's server, print the final
/// table, write the reports. Exit 0 when every threshold passed, 1 when one failed, 64 on bad
/// arguments, 70 on an unexpected error (one line, no stack trace).
/// </summary>
internal static class Cli
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int Usage = 64;
    public const int Software = 70;

    private const string Help = """
        usage: load [options]
          --impl NAME|DIR        server implementation: a name under bin/ (csharp, c, python) or a directory holding `server` (default csharp)
          --target IP:PORT       load a server that is already running instead of starting one (IPv6 as [::1]:PORT);
                                 the exactly-once checks (its stdout) and kernel checks (its socket, RSS) then say n/a
          --scenarios LIST       comma list of 1-7 (default all; 1 and 2 always run as a pair)
          --smoke                the `make test` smoke: scenarios 1, 2, 4 with 2 s phases
          --backlogs LIST        backlogs for scenarios 1-2 (default 10,5)
          --duration SECONDS     length of each phase of scenarios 3 and 4, and of scenario 7's fast stream (default 10)
          --stall SECONDS        how long scenario 7's stalled client holds its half-sent message (default 3)
          --rate N               R for scenario 4, per second, then 2R (default 1000; smoke 100)
          --large-clients N      clients of scenario 5 (default 16)
          --large-mib N          MiB per message in scenario 5 (default 64)
          --tw-wait SECONDS      before scenarios 3 and 4, wait up to this long for TIME_WAIT sockets to drain below 1000 (default 75, smoke 0)
          --reports DIR          write report.md, report.html, stats.csv, timeline.csv, latency.png into DIR
          --console MODE         auto | live | plain | off (default auto: live table in a terminal, plain lines when redirected)
          --toxiproxy URL        Toxiproxy API for scenario 6 (default: start bin/toxiproxy-server)
        exit: 0 all thresholds passed, 1 a threshold failed, 64 bad arguments, 70 unexpected error
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        NativeAssets.Register();
        LoadOptions options;
        try
        {
            if (args.Contains("-h") || args.Contains("--help"))
            {
                Console.Out.WriteLine(Help);
                return Passed;
            }

            options = Parse(args);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"load: {ex.Message} (see --help)");
            return Usage;
        }

        using var cancel = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx =>
        {
            ctx.Cancel = true;
            cancel.Cancel();
        });
        try
        {
            var result = await RunAsync(options, cancel.Token).ConfigureAwait(false);
            if (options.ReportFolder is not null)
            {
                Console.Out.WriteLine($"load: reports in {Path.GetFullPath(options.ReportFolder)}");
            }

            return result.Passed ? Passed : ThresholdFailed;
        }
#pragma warning disable CA1031 // the CLI's last line of defence: one line, an exit code
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"load: {ex.GetType().Name}: {ex.Message}");
            return Software;
        }
    }

    public static async Task<RunResult> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var scenarios = ScenarioCatalog.Build(options);
        if (scenarios.Count == 0)
        {
            throw new InvalidOperationException("no scenario selected");
        }
        var ansi = AnsiConsole.Console;
        if (!ansi.Profile.Capabilities.Interactive)
        {
            // Redirected output defaults to 80 columns, which folds the final table into ribbons.
            ansi.Profile.Width = Math.Max(ansi.Profile.Width, 200);
        }

        var console = new ConsoleReport(ansi, options.Console);
        var runner = LoadRunner.RegisterScenarios([.. scenarios]).WithTestName($"socketbench load ({options.Impl})");
        if (options.Console != ConsoleMode.Off)
        {
            runner.WithObserver(console);
        }

        if (options.ReportFolder is not null)
        {
            runner.WithReportFolder(options.ReportFolder);
        }

        EnsureThreads(scenarios);
        try
        {
            return await console.RunAsync(() => runner.RunAsync(cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            await TargetServer.StopAllAsync().ConfigureAwait(false);
        }
    }

    internal static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{a} needs a value");
            o = a switch
            {
                "--impl" => o with { Impl = Value() },
                "--target" => o with { Target = Target(Value()) },
                "--scenarios" => o with { Scenarios = IntList(a, Value(), 1, 7) },
                "--smoke" => LoadOptions.Smoke(o.Impl) with { ReportFolder = o.ReportFolder, Console = o.Console, Target = o.Target },
                "--backlogs" => o with { Backlogs = IntList(a, Value(), 0, 128) },
                "--duration" => o with { PhaseDuration = TimeSpan.FromSeconds(Int(a, Value(), 1, 3600)) },
                "--rate" => o with { Rate = Int(a, Value(), 1, 100_000) },
                "--large-clients" => o with { LargeClients = Int(a, Value(), 1, 64) },
                "--large-mib" => o with { LargeBytes = (long)Int(a, Value(), 1, 4096) << 20 },
                "--reports" => o with { ReportFolder = Value() },
                "--stall" => o with { Stall = TimeSpan.FromSeconds(Int(a, Value(), 1, 600)) },
                "--tw-wait" => o with { TimeWaitGate = TimeSpan.FromSeconds(Int(a, Value(), 0, 600)) },
                "--console" => o with { Console = Enum.TryParse<ConsoleMode>(Value(), ignoreCase: true, out var m) ? m : throw new FormatException($"--console: expected auto, live, plain or off, got '{args[i]}'") },
                "--toxiproxy" => o with { ToxiproxyUrl = Uri.TryCreate(Value(), UriKind.Absolute, out var u) ? u : throw new FormatException($"--toxiproxy: not an absolute URL: '{args[i]}'") },
                _ => throw new FormatException($"unknown argument '{a}'"),
            };
        }

        return o;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{name}: expected a whole number {min}..{max}, got '{value}'");

    private static System.Net.IPEndPoint Target(string value) =>
        System.Net.IPEndPoint.TryParse(value, out var ep) && ep.Port is > 0 and <= 65535 && value.Contains(':', StringComparison.Ordinal)
            ? ep
            : throw new FormatException($"--target: expected IP:PORT with a port 1..65535 (IPv6 as [::1]:PORT), got '{value}'");

    private static int[] IntList(string name, string value, int min, int max) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Int(name, v, min, max))];

    /// <summary>Pool ramp-up would show up as latency: raise the minimum to the peak concurrency.</summary>
    private static void EnsureThreads(IEnumerable<Scenario> scenarios)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var peak = scenarios.Select(s => s.Simulations.Max(x => x switch
        {
            ConstantPhase c => c.Copies,
            IterationsForConstantPhase c => c.Copies,
            _ => 32,
        })).DefaultIfEmpty(1).Max();
        ThreadPool.SetMinThreads(Math.Max(workers, Math.Min(peak, 64)), io);
    }
}
