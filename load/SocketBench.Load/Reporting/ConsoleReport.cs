using SocketBench.Load.Stats;
using Spectre.Console;

namespace SocketBench.Load.Reporting;

/// <summary>
/// Console output of a run. Live mode: a Spectre.Console live table refreshed every interval.
/// Plain mode (output redirected, as under CI or <c>dotnet test</c>): one line per interval.
/// Both end with the final summary table and the threshold table.
/// </summary>
public sealed class ConsoleReport : ILoadObserver
{
    private readonly IAnsiConsole _console;
    private readonly bool _live;
    private readonly Table _liveTable = new();
    private readonly Dictionary<string, int> _liveRows = new(StringComparer.Ordinal);
    private LiveDisplayContext? _liveContext;

    public ConsoleReport(IAnsiConsole console, ConsoleMode mode)
    {
        ArgumentNullException.ThrowIfNull(console);
        _console = console;
        _live = mode == ConsoleMode.Live || (mode == ConsoleMode.Auto && console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi);
        foreach (var h in (string[])["scenario", "simulation", "t", "ok", "fail", "dropped", "in flight", "ok/s", "p50", "p99"])
        {
            _liveTable.AddColumn(h);
        }
    }

    /// <summary>Runs <paramref name="run"/> inside the live display (live mode) or as is.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!_live)
        {
            return await run().ConfigureAwait(false);
        }

        T result = default!;
        await _console.Live(_liveTable).StartAsync(async ctx =>
        {
            _liveContext = ctx;
            result = await run().ConfigureAwait(false);
        }).ConfigureAwait(false);
        _liveContext = null;
        return result;
    }

    public void ScenarioStarted(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (_live)
        {
            _liveRows[scenario.Name] = _liveTable.Rows.Count;
            _liveTable.AddRow(Markup.Escape(scenario.Name), "init", "", "", "", "", "", "", "", "");
            _liveContext?.Refresh();
        }
        else
        {
            _console.WriteLine($"[load] {scenario.Name}: start, {string.Join(", ", scenario.Simulations)}");
        }
    }

    public void Interval(string scenario, IntervalStats interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        if (_live && _liveRows.TryGetValue(scenario, out var row))
        {
            string[] cells = [scenario, interval.Simulation.Split('(')[0], Fmt.Seconds(interval.At), Fmt.Num(interval.Ok), Fmt.Num(interval.Fail), Fmt.Num(interval.Dropped),
                Fmt.Num(interval.InFlight), Fmt.Rate(interval.OkRps), Fmt.Ms(interval.P50Ms, "-"), Fmt.Ms(interval.P99Ms, "-")];
            for (var c = 0; c < cells.Length; c++)
            {
                _liveTable.UpdateCell(row, c, Markup.Escape(cells[c]));
            }

            _liveContext?.Refresh();
        }
        else if (!_live)
        {
            _console.WriteLine(PlainLine(scenario, interval));
        }
    }

    public void ScenarioFinished(ScenarioStats stats, IReadOnlyList<ThresholdResult> thresholds)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (_live)
        {
            return;
        }

        var failed = thresholds.Count(t => !t.Passed);
        _console.WriteLine($"[load] {stats.Name}: done, ok {stats.Ok.Count}, fail {stats.Fail.Count}, thresholds {thresholds.Count - failed}/{thresholds.Count} passed" +
            (stats.Error is null ? "" : $", error: {stats.Error}"));
        foreach (var e in stats.Evidence)
        {
            _console.WriteLine($"[load] {stats.Name}: {e.Label}: {e.Value}");
        }
    }

    public void RunFinished(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_live)
        {
            foreach (var s in result.Scenarios)
            {
                foreach (var e in s.Evidence)
                {
                    _console.WriteLine($"[load] {s.Name}: {e.Label}: {e.Value}");
                }
            }
        }

        _console.Write(SummaryTable(result));
        _console.Write(ThresholdTable(result));
        foreach (var s in result.Scenarios.Where(s => s.Error is not null))
        {
            _console.WriteLine($"error in {s.Name}: {s.Error}");
        }

        _console.WriteLine(result.Passed ? "load: PASSED" : "load: FAILED");
    }

    internal static string PlainLine(string scenario, IntervalStats i) =>
        $"[load] {scenario} t={Fmt.Seconds(i.At)} {i.Simulation} ok={i.Ok} fail={i.Fail} dropped={i.Dropped} in_flight={i.InFlight} ok/s={Fmt.Rate(i.OkRps)} " +
        $"p50={Fmt.Ms(i.P50Ms, "-")}ms p95={Fmt.Ms(i.P95Ms, "-")}ms p99={Fmt.Ms(i.P99Ms, "-")}ms";

    internal static Table SummaryTable(RunResult result)
    {
        var table = new Table().Title("load results (latency ms)");
        foreach (var h in Fmt.SummaryHeader())
        {
            table.AddColumn(new TableColumn(Markup.Escape(h)).RightAligned());
        }

        foreach (var s in result.Scenarios)
        {
            table.AddRow(Fmt.SummaryRow(s).Select(Markup.Escape).ToArray());
        }

        return table;
    }

    internal static Table ThresholdTable(RunResult result)
    {
        var table = new Table().Title("thresholds");
        table.AddColumns("scenario", "threshold", "result", "actual");
        foreach (var t in result.Thresholds)
        {
            table.AddRow(Markup.Escape(t.Scenario), Markup.Escape(t.Label), t.Passed ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(t.Actual));
        }

        return table;
    }
}
