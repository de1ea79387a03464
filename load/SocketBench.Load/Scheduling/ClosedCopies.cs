namespace SocketBench.Load.Scheduling;

/// <summary>
/// Closed-model copies: long-lived loops, each running iterations back to back while its number is
/// below the target count. Raising the target starts loops; lowering it lets the highest-numbered
/// copies finish their iteration and stop (NBomber's KeepConstant / RampingConstant).
/// An optional iteration budget bounds the total (IterationsForConstant).
/// Each loop starts on a thread of its own: a body that completes synchronously (blocking socket
/// calls, <see cref="Clients.ClientSettings.Blocking"/>) keeps it for every iteration, as a C
/// generator's thread does, with no thread-pool hop per iteration; an async body moves to the pool
/// at its first real wait.
/// </summary>
internal sealed class ClosedCopies : IDisposable
{
    private readonly ScenarioRun _run;
    private readonly Copy[] _copies;
    private readonly Task[] _loops;
    private int _target;
    private long _budget = long.MaxValue;

    public ClosedCopies(ScenarioRun run, int maxCopies)
    {
        _run = run;
        _copies = new Copy[maxCopies];
        _loops = new Task[maxCopies];
        for (var i = 0; i < maxCopies; i++)
        {
            _copies[i] = new Copy(run, i);
            _loops[i] = Task.CompletedTask;
        }
    }

    public int Target => Volatile.Read(ref _target);

    /// <summary>Gets the number of copy loops currently running.</summary>
    public int Running => _loops.Count(t => !t.IsCompleted);

    /// <summary>Limits the total number of iterations started from now on.</summary>
    public void SetBudget(long iterations) => Interlocked.Exchange(ref _budget, iterations);

    /// <summary>Sets the number of copies; starts missing loops at once.</summary>
    public void SetTarget(int copies)
    {
        copies = Math.Clamp(copies, 0, _copies.Length);
        Volatile.Write(ref _target, copies);
        for (var i = 0; i < copies; i++)
        {
            if (_loops[i].IsCompleted)
            {
                var copy = _copies[i];
                _run.LoopStarted();
                _loops[i] = Task.Factory.StartNew(() => LoopAsync(copy), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            }
        }
    }

    /// <summary>Gets a task that completes when every loop has ended.</summary>
    public Task WhenAllStopped() => Task.WhenAll(_loops);

    public void Dispose()
    {
        foreach (var c in _copies)
        {
            c.Dispose();
        }
    }

    private async Task LoopAsync(Copy copy)
    {
        try
        {
            while (copy.Number < Volatile.Read(ref _target) && !_run.StopToken.IsCancellationRequested)
            {
                if (Interlocked.Decrement(ref _budget) < 0)
                {
                    Interlocked.Exchange(ref _budget, 0);
                    return;
                }

                _run.EnterFlight();
                try
                {
                    await copy.RunIterationAsync(_run.Time.GetTimestamp()).ConfigureAwait(false);
                }
                finally
                {
                    _run.LeaveFlight();
                }
            }
        }
        finally
        {
            _run.LoopEnded();
        }
    }
}
