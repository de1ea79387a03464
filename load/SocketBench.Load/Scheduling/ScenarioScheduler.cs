namespace SocketBench.Load.Scheduling;

/// <summary>
/// Drives one scenario's simulations in order with the run's <see cref="TimeProvider"/>:
/// open phases dispatch arrivals at their scheduled timestamps into an <see cref="OpenWorkerPool"/>;
/// closed phases set the copy count of <see cref="ClosedCopies"/>. Every loop is bounded by the
/// phase's duration or iteration count; after the last phase, in-flight iterations get the
/// completion timeout and are then cancelled (counted as cancelled).
/// </summary>
internal sealed partial class ScenarioScheduler(ScenarioRun run, TimeSpan completionTimeout)
{
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _time = run.Time;
    private readonly Random _random = new(run.Scenario.Seed);
    private TimeSpan _paused;

    /// <summary>
    /// Gets the measured duration: phases plus the drain after the last one (completions in the drain
    /// are counted, so their time is too), pauses excluded. Ok rps divides by this.
    /// </summary>
    public TimeSpan Measured { get; private set; }

    /// <summary>Gets the time spent in load phases, pauses and drain excluded. Offered rps divides by this.</summary>
    public TimeSpan Loaded { get; private set; }

    /// <summary>Runs every phase, then drains. Returns an error text if iterations would not stop.</summary>
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        var simulations = run.Scenario.Simulations;
        var start = _time.GetTimestamp();
        string? error;
        if (simulations.Any(s => s.IsOpen))
        {
            using var pool = new OpenWorkerPool(run, run.Scenario.MaxInFlight);
            await StoppableAsync(RunOpenAsync(pool, simulations, cancellationToken), cancellationToken).ConfigureAwait(false);
            Loaded = _time.GetElapsedTime(start) - _paused;
            error = await DrainAsync(pool.WhenIdleAsync(), pool.WhenIdleAsync).ConfigureAwait(false);
            Measured = _time.GetElapsedTime(start) - _paused;
            if (error is null)
            {
                await pool.StopAsync().ConfigureAwait(false);
            }
        }
        else
        {
            using var copies = new ClosedCopies(run, MaxCopies(simulations));
            await StoppableAsync(RunClosedAsync(copies, simulations, cancellationToken), cancellationToken).ConfigureAwait(false);
            Loaded = _time.GetElapsedTime(start) - _paused;
            copies.SetTarget(0);
            error = await DrainAsync(copies.WhenAllStopped(), copies.WhenAllStopped).ConfigureAwait(false);
            Measured = _time.GetElapsedTime(start) - _paused;
        }

        return error;
    }

    private static int MaxCopies(IReadOnlyList<Simulation> simulations) =>
        Math.Max(1, simulations.Select(s => s switch
        {
            ConstantPhase c => c.Copies,
            IterationsForConstantPhase c => c.Copies,
            _ => 0,
        }).Max());

    /// <summary>Runs the phases; a cancelled run ends them early and cancels in-flight iterations.</summary>
    private async Task StoppableAsync(Task phases, CancellationToken cancellationToken)
    {
        try
        {
            await phases.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.ForceStop();
        }
    }

    private async Task<string?> DrainAsync(Task drained, Func<Task> again)
    {
        try
        {
            await ParkedAsync(drained.WaitAsync(completionTimeout, _time), completionTimeout).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            run.ForceStop();
        }

        try
        {
            await ParkedAsync(again().WaitAsync(CancelGrace, _time), CancelGrace).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            return $"{run.InFlight} iterations ignored cancellation for {CancelGrace.TotalSeconds:0} s after the completion timeout";
        }
    }

    /// <summary>Awaits <paramref name="wait"/>, which ends when the copies stop or, at the latest, after <paramref name="deadline"/>; published as a park (<see cref="ScenarioRun.Park"/>).</summary>
    private async Task ParkedAsync(Task wait, TimeSpan deadline)
    {
        if (!wait.IsCompleted)
        {
            run.Park(deadline == Timeout.InfiniteTimeSpan ? long.MaxValue : _time.GetTimestamp() + Ticker.Span(deadline, _time), orWhenIdle: true);
        }

        try
        {
            await wait.ConfigureAwait(false);
        }
        finally
        {
            run.Unpark();
        }
    }

    /// <summary>Waits on <paramref name="ticker"/> ticks until the clock reaches <paramref name="timestamp"/>; each real wait is published as a park until the next tick.</summary>
    private async ValueTask WaitUntilAsync(Ticker ticker, long timestamp, CancellationToken cancellationToken)
    {
        while (_time.GetTimestamp() < timestamp)
        {
            var tick = ticker.Timer.WaitForNextTickAsync(cancellationToken);
            if (!tick.IsCompleted)
            {
                run.Park(ticker.NextTickAfter(_time.GetTimestamp()), orWhenIdle: false);
            }

            try
            {
                if (!await tick.ConfigureAwait(false))
                {
                    return;
                }
            }
            finally
            {
                run.Unpark();
            }
        }
    }

    private long After(long timestamp, TimeSpan offset) => timestamp + (long)(offset.TotalSeconds * _time.TimestampFrequency);
}
