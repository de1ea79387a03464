namespace SocketBench.Load.Scheduling;

/// <summary>Closed-model phases: a target copy count, ramped once per ramp step.</summary>
internal sealed partial class ScenarioScheduler
{
    private async Task RunClosedAsync(ClosedCopies copies, IReadOnlyList<Simulation> simulations, CancellationToken cancellationToken)
    {
        var previousCopies = 0;
        using var timer = new Ticker(LoadConstants.ClosedTick, _time);
        foreach (var simulation in simulations)
        {
            run.Simulation = simulation.ToString();
            var phaseStart = _time.GetTimestamp();
            switch (simulation)
            {
                case ConstantPhase { Ramping: false } p:
                    copies.SetTarget(p.Copies);
                    await WaitUntilAsync(timer, After(phaseStart, p.Duration), cancellationToken).ConfigureAwait(false);
                    previousCopies = p.Copies;
                    break;
                case ConstantPhase p:
                    await RampAsync(copies, timer, phaseStart, previousCopies, p.Copies, p.Duration, cancellationToken).ConfigureAwait(false);
                    previousCopies = p.Copies;
                    break;
                case IterationsForConstantPhase p:
                    copies.SetBudget(p.Iterations);
                    copies.SetTarget(p.Copies);
                    await ParkedAsync(copies.WhenAllStopped().WaitAsync(cancellationToken), Timeout.InfiniteTimeSpan).ConfigureAwait(false);
                    previousCopies = 0;
                    break;
                case PausePhase p:
                    copies.SetTarget(0);
                    await WaitUntilAsync(timer, After(phaseStart, p.Duration), cancellationToken).ConfigureAwait(false);
                    _paused += p.Duration;
                    previousCopies = 0;
                    break;
                default:
                    throw new InvalidOperationException($"unexpected simulation {simulation}");
            }
        }
    }

    /// <summary>Every ramp step the target is linearly interpolated (rounded half away from zero), as NBomber does.</summary>
    private async Task RampAsync(ClosedCopies copies, Ticker timer, long phaseStart, int from, int to, TimeSpan during, CancellationToken cancellationToken)
    {
        var steps = Math.Max(1, (long)Math.Ceiling(during / LoadConstants.RampStep));
        for (long k = 0; k < steps; k++)
        {
            var fraction = (k + 1.0) / steps;
            copies.SetTarget((int)Math.Round(from + ((to - from) * fraction), MidpointRounding.AwayFromZero));
            var stepEnd = k == steps - 1 ? After(phaseStart, during) : After(phaseStart, LoadConstants.RampStep * (k + 1));
            await WaitUntilAsync(timer, stepEnd, cancellationToken).ConfigureAwait(false);
        }

        copies.SetTarget(to);
    }
}
