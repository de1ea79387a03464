namespace SocketBench.Load.Scheduling;

/// <summary>Open-model phases: arrivals at scheduled timestamps, refused beyond the in-flight cap.</summary>
internal sealed partial class ScenarioScheduler
{
    private async Task RunOpenAsync(OpenWorkerPool pool, IReadOnlyList<Simulation> simulations, CancellationToken cancellationToken)
    {
        var previousRate = 0;
        foreach (var simulation in simulations)
        {
            run.Simulation = simulation.ToString();
            var phaseStart = _time.GetTimestamp();
            switch (simulation)
            {
                case InjectPhase p:
                    await InjectAsync(pool, phaseStart, p.Interval, Intervals(p.Duration, p.Interval), long.MaxValue, previousRate, p.Rate, p.Ramping, cancellationToken).ConfigureAwait(false);
                    await WaitForAsync(phaseStart, p.Duration, cancellationToken).ConfigureAwait(false);
                    previousRate = p.Rate;
                    break;
                case IterationsForInjectPhase p:
                    await InjectAsync(pool, phaseStart, p.Interval, long.MaxValue, p.Iterations, p.Rate, p.Rate, false, cancellationToken).ConfigureAwait(false);
                    previousRate = p.Rate;
                    break;
                case PausePhase p:
                    await WaitForAsync(phaseStart, p.Duration, cancellationToken).ConfigureAwait(false);
                    _paused += p.Duration;
                    previousRate = 0;
                    break;
                default:
                    throw new InvalidOperationException($"unexpected simulation {simulation}");
            }
        }
    }

    private static long Intervals(TimeSpan during, TimeSpan interval) => Math.Max(1, (long)Math.Round(during / interval));

    /// <summary>
    /// Arrival j of interval k is due at phaseStart + k·interval + interval·(j + u)/count with u uniform
    /// in [0, 1): arrivals spread over each interval (NBomber's random offsets), in time order, with no
    /// per-arrival allocation. Ramping interpolates the count linearly, reaching the target in the last interval.
    /// </summary>
    private async Task InjectAsync(
        OpenWorkerPool pool, long phaseStart, TimeSpan interval, long intervals, long maxArrivals, int fromRate, int toRate, bool ramping, CancellationToken cancellationToken)
    {
        var tick = Tick(interval, Math.Max(fromRate, toRate));
        using var timer = new Ticker(tick, _time);
        long arrivals = 0;
        for (long k = 0; k < intervals && arrivals < maxArrivals; k++)
        {
            var count = ramping
                ? (int)Math.Round(fromRate + ((toRate - fromRate) * (k + 1.0) / intervals), MidpointRounding.AwayFromZero)
                : toRate;
            var intervalStart = After(phaseStart, interval * k);
            for (var j = 0; j < count && arrivals < maxArrivals; j++, arrivals++)
            {
                var due = After(intervalStart, interval * ((j + _random.NextDouble()) / count));
                await WaitUntilAsync(timer, due, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                run.AddOffered();
                if (!pool.TryStart(due))
                {
                    run.AddDropped();
                }
            }

            if (count == 0)
            {
                await WaitUntilAsync(timer, After(intervalStart, interval), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitForAsync(long phaseStart, TimeSpan during, CancellationToken cancellationToken)
    {
        using var timer = new Ticker(LoadConstants.ClosedTick, _time);
        await WaitUntilAsync(timer, After(phaseStart, during), cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan Tick(TimeSpan interval, int rate)
    {
        var spacing = rate > 0 ? interval / rate / 2 : LoadConstants.MaxTick;
        return spacing < LoadConstants.MinTick ? LoadConstants.MinTick : spacing > LoadConstants.MaxTick ? LoadConstants.MaxTick : spacing;
    }
}
