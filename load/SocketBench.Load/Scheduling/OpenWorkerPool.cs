using System.Threading.Tasks.Sources;

namespace SocketBench.Load.Scheduling;

/// <summary>
/// Open-model copies: a pool of reusable one-shot workers capped at the scenario's MaxInFlight.
/// An arrival takes an idle worker (or creates one while under the cap); when every worker is busy
/// the arrival is refused and counted as dropped, never silently queued. A worker waits on a
/// reusable value-task source, so starting an arrival allocates nothing.
/// <code>
///   dispatcher --TryStart(due)--> [idle stack] --Start--> worker --iteration--> back to idle
///                     \-- all busy --> Dropped++
/// </code>
/// </summary>
internal sealed class OpenWorkerPool : IDisposable
{
    private readonly ScenarioRun _run;
    private readonly int _cap;
    private readonly Worker[] _idle;
    private readonly List<Worker> _all = [];
    private readonly List<Task> _loops = [];
    private readonly Lock _lock = new();
    private int _idleCount;
    private int _busy;
    private TaskCompletionSource? _idleWaiter;

    public OpenWorkerPool(ScenarioRun run, int cap)
    {
        _run = run;
        _cap = cap;
        _idle = new Worker[cap];
    }

    /// <summary>Gets the number of workers created so far (at most the cap).</summary>
    public int Created
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>Starts an iteration scheduled at <paramref name="dueTimestamp"/>, or returns false when the cap is reached.</summary>
    public bool TryStart(long dueTimestamp)
    {
        Worker worker;
        lock (_lock)
        {
            if (_busy >= _cap)
            {
                return false;
            }

            _busy++;
            if (_idleCount > 0)
            {
                worker = _idle[--_idleCount];
            }
            else
            {
                worker = new Worker(this, new Copy(_run, _all.Count, open: true));
                _all.Add(worker);
                _loops.Add(worker.LoopAsync());
            }
        }

        _run.EnterFlight();
        worker.Signal(dueTimestamp);
        return true;
    }

    /// <summary>Gets a task that completes when every started iteration has finished (at once when none runs).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_busy == 0)
            {
                return Task.CompletedTask;
            }

            _idleWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idleWaiter.Task;
        }
    }

    /// <summary>Stops the idle workers and waits for their loops to end.</summary>
    public async Task StopAsync()
    {
        Worker[] all;
        lock (_lock)
        {
            all = [.. _all];
        }

        foreach (var w in all)
        {
            w.Signal(-1);
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var w in _all)
        {
            w.Copy.Dispose();
        }
    }

    private void Return(Worker worker)
    {
        _run.LeaveFlight();
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            _idle[_idleCount++] = worker;
            if (--_busy == 0)
            {
                idle = _idleWaiter;
                _idleWaiter = null;
            }
        }

        idle?.TrySetResult();
    }

    private sealed class Worker(OpenWorkerPool pool, Copy copy) : IValueTaskSource<long>
    {
        private ManualResetValueTaskSourceCore<long> _core = new() { RunContinuationsAsynchronously = true };

        public Copy Copy { get; } = copy;

        /// <summary>Wakes the worker: a due timestamp to run one iteration, or -1 to stop.</summary>
        public void Signal(long dueTimestamp) => _core.SetResult(dueTimestamp);

        public async Task LoopAsync()
        {
            while (true)
            {
                var due = await new ValueTask<long>(this, _core.Version).ConfigureAwait(false);
                if (due < 0)
                {
                    return;
                }

                try
                {
                    await Copy.RunIterationAsync(due).ConfigureAwait(false);
                }
                finally
                {
                    pool.Return(this);
                }
            }
        }

        public long GetResult(short token)
        {
            var value = _core.GetResult(token);
            _core.Reset();
            return value;
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
