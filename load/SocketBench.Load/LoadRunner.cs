using System.Diagnostics;
using SocketBench.Load.Reporting;
using SocketBench.Load.Scheduling;
using SocketBench.Load.Stats;

namespace SocketBench.Load;

/// <summary>
/// Runs scenarios one after another (NBomberRunner, with sequential scenarios, NBomber #494) and
/// returns their stats and threshold results; optionally writes the reports. Async only.
/// </summary>
public sealed class LoadRunner
{
    private readonly List<Scenario> _scenarios;
    private TimeProvider _time = TimeProvider.System;
    private TimeSpan _interval = LoadConstants.DefaultReportingInterval;
    private TimeSpan _completionTimeout = LoadConstants.DefaultCompletionTimeout;
    private string? _reportFolder;
    private string _testName = "load";
    private ILoadObserver? _observer;

    private LoadRunner(IEnumerable<Scenario> scenarios)
    {
        _scenarios = [.. scenarios];
    }

    public static LoadRunner RegisterScenarios(params Scenario[] scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        if (scenarios.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != scenarios.Length)
        {
            throw new ArgumentException("scenario names must be unique", nameof(scenarios));
        }

        return new LoadRunner(scenarios);
    }

    public LoadRunner WithTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>Sets the reporting interval (default 1 s) used for the timeline and live output.</summary>
    public LoadRunner WithReportingInterval(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _interval = interval;
        return this;
    }

    /// <summary>Sets how long in-flight iterations may finish after the last phase (default 10 s) before they are cancelled.</summary>
    public LoadRunner WithCompletionTimeout(TimeSpan timeout)
    {
        _completionTimeout = timeout;
        return this;
    }

    /// <summary>Writes report.md, report.html, stats.csv, timeline.csv and latency.png into <paramref name="folder"/>.</summary>
    public LoadRunner WithReportFolder(string folder)
    {
        _reportFolder = folder;
        return this;
    }

    public LoadRunner WithTestName(string name)
    {
        _testName = name;
        return this;
    }

    public LoadRunner WithObserver(ILoadObserver observer)
    {
        _observer = observer;
        return this;
    }

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetUtcNow();
        var startTs = _time.GetTimestamp();
        var all = new List<ScenarioStats>();
        var thresholds = new List<ThresholdResult>();
        foreach (var scenario in _scenarios)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            Notify(o => o.ScenarioStarted(scenario));
            var stats = await RunScenarioAsync(scenario, cancellationToken).ConfigureAwait(false);
            var checks = Check(scenario, stats);
            all.Add(stats);
            thresholds.AddRange(checks);
            Notify(o => o.ScenarioFinished(stats, checks));
        }

        var result = new RunResult(_testName, started, _time.GetElapsedTime(startTs), all, thresholds);
        if (_reportFolder is not null)
        {
            result = result with { ReportFiles = ReportWriter.WriteAll(result, _reportFolder) };
        }

        Notify(o => o.RunFinished(result));
        return result;
    }

    internal static List<ThresholdResult> Check(Scenario scenario, ScenarioStats stats)
    {
        var results = new List<ThresholdResult>();
        foreach (var t in scenario.Thresholds)
        {
            try
            {
                var c = t.Evaluate(stats);
                results.Add(new ThresholdResult(scenario.Name, t.Label, c.Passed, c.Actual));
            }
#pragma warning disable CA1031 // a throwing threshold is a failed threshold, with its reason
            catch (Exception ex)
#pragma warning restore CA1031
            {
                results.Add(new ThresholdResult(scenario.Name, t.Label, false, $"threw {ex.GetType().Name}: {ex.Message}"));
            }
        }

        return results;
    }

    private async Task<ScenarioStats> RunScenarioAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        using var run = new ScenarioRun(scenario, _time, cancellationToken);
        var initContext = new ScenarioInitContext(scenario.Name, _time, cancellationToken);
        string? error = null;
        var runnerCpu = TimeSpan.Zero;
        var scheduler = new ScenarioScheduler(run, _completionTimeout);
        var start = _time.GetTimestamp();
        var aggregator = new IntervalAggregator(run, start);
        if (await TryAsync(scenario.Init, initContext, "init").ConfigureAwait(false) is { } initError)
        {
            error = initError;
        }
        else
        {
            start = _time.GetTimestamp();
            aggregator = new IntervalAggregator(run, start);
            using var stopTicker = new CancellationTokenSource();
            var ticker = TickAsync(run.Scenario.Name, aggregator, stopTicker.Token);
            var cpuStart = Environment.CpuUsage.TotalTime;
            error = await scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
            runnerCpu = Environment.CpuUsage.TotalTime - cpuStart;
            await stopTicker.CancelAsync().ConfigureAwait(false);
            await ticker.ConfigureAwait(false);

            // The last (partial) interval and the drain reach the totals whether or not anyone watches.
            var last = aggregator.Cut();
            Notify(o => o.Interval(scenario.Name, last));
        }

        if (await TryAsync(scenario.Clean, initContext, "clean").ConfigureAwait(false) is { } cleanError)
        {
            error = error is null ? cleanError : $"{error}; {cleanError}";
        }

        return ScenarioStatsBuilder.Build(run, scheduler.Measured, scheduler.Loaded, aggregator.Timeline, initContext.Evidence, error, initContext.ClientTraces) with { RunnerCpu = runnerCpu, Arrivals = initContext.Arrivals };
    }

    private static async Task<string?> TryAsync(Func<ScenarioInitContext, Task>? action, ScenarioInitContext context, string what)
    {
        if (action is null)
        {
            return null;
        }

        try
        {
            await action(context).ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // init/clean failures are reported in the scenario's stats
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"{what} failed: {ex.GetType().Name}: {ex.Message}";
        }
    }

    private async Task TickAsync(string scenario, IntervalAggregator aggregator, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var row = aggregator.Cut();
                Notify(o => o.Interval(scenario, row));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Notify(Action<ILoadObserver> action)
    {
        if (_observer is null)
        {
            return;
        }

        try
        {
            action(_observer);
        }
#pragma warning disable CA1031 // console rendering must never break a run (NBomber #595)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Debug.WriteLine($"observer failed: {ex.Message}");
        }
    }
}
