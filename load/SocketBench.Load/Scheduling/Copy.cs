using System.Runtime.CompilerServices;

namespace SocketBench.Load.Scheduling;

/// <summary>
/// One scenario copy (virtual user). Runs iterations of the body, times them with the
/// <see cref="TimeProvider"/> and records them. Its context and timeout source are reused for every
/// iteration, and the async method is pooled, so an iteration allocates nothing of its own.
/// </summary>
internal sealed class Copy : IDisposable
{
    private readonly ScenarioRun _run;
    private readonly TimeSpan? _timeout;
    private readonly bool _open;
    private CancellationTokenSource? _timeoutSource;
    private CancellationTokenRegistration _stopRegistration;

    public Copy(ScenarioRun run, int number, bool open = false)
    {
        _run = run;
        _open = open;
        _timeout = run.Scenario.IterationTimeout;
        Context = new ScenarioContext(run.Scenario.Name, number, run);
    }

    public ScenarioContext Context { get; }

    public int Number => Context.CopyNumber;

    /// <summary>Runs one iteration scheduled at <paramref name="scheduledTimestamp"/> and records it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunIterationAsync(long scheduledTimestamp)
    {
        var time = _run.Time;
        var ctx = Context;
        ctx.IterationNumber = _run.NextIterationNumber();
        ctx.ScheduledTimestamp = scheduledTimestamp;
        var start = time.GetTimestamp();
        ctx.CancellationToken = ArmToken(time.GetElapsedTime(Math.Min(scheduledTimestamp, start), start));
        if (scheduledTimestamp < start && _open)
        {
            _run.DispatchLag.Record(Microseconds(time, scheduledTimestamp, start));
        }

        Response response;
        try
        {
            response = await _run.Scenario.Body(ctx).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_run.StopToken.IsCancellationRequested)
        {
            _run.AddCancelled();
            Disarm();
            ctx.InvocationNumber++;
            return;
        }
        catch (OperationCanceledException)
        {
            response = Response.Fail(StatusCodes.Timeout);
        }
#pragma warning disable CA1031 // any exception from user code is a failed iteration (NBomber's -101)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            response = Response.Fail(StatusCodes.Exception, ex.Message);
        }

        var end = time.GetTimestamp();
        _run.Global.Record(response, Microseconds(time, start, end), Microseconds(time, Math.Min(scheduledTimestamp, start), end));
        Disarm();
        ctx.InvocationNumber++;
    }

    public void Dispose()
    {
        _stopRegistration.Dispose();
        _timeoutSource?.Dispose();
    }

    internal static long Microseconds(TimeProvider time, long from, long to) => time.GetElapsedTime(from, to).Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>
    /// The iteration timeout counts from the scheduled start, as response time does: an arrival that
    /// the dispatcher started <paramref name="late"/> has that much less time (none left: it times out at once).
    /// </summary>
    private CancellationToken ArmToken(TimeSpan late)
    {
        if (_timeout is not { } timeout)
        {
            return _run.StopToken;
        }

        if (_timeoutSource is null)
        {
            _timeoutSource = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _run.Time);
            _stopRegistration = _run.StopToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _timeoutSource);
        }

        var left = timeout - late;
        if (left <= TimeSpan.Zero)
        {
            _timeoutSource.Cancel();
        }
        else
        {
            _timeoutSource.CancelAfter(left);
        }

        return _timeoutSource.Token;
    }

    private void Disarm()
    {
        if (_timeoutSource is not null && !_timeoutSource.TryReset())
        {
            // It fired: a cancelled source cannot be reused, so replace it (only on timeouts).
            _stopRegistration.Dispose();
            _timeoutSource.Dispose();
            _timeoutSource = null;
        }
    }
}
