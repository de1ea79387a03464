namespace SocketBench.Delivery;

/// <summary>
/// One cancellation bound that a single caller re-arms wait after wait (a load client's connect and
/// close waits, message after message), instead of a timeout source, a linked source and a timer
/// per wait. <see cref="Arm"/> starts the bound and links the caller's own token; <see cref="Disarm"/>
/// unlinks it and resets the source for the next wait.
/// <code>
///   Arm(bound, outer) --token--> the wait --> Disarm: unlink outer, TryReset
///                                                 \-- it fired (bound or outer): a new source
/// </code>
/// </summary>
/// <remarks>
/// A source that fired cannot be reset, so it is replaced: a cancellation never leaks into the next
/// wait. <see cref="Disarm"/> waits for an outer cancellation callback that is running at that
/// moment, so one that comes late cancels the old source, never the next wait's. Not thread-safe:
/// one wait at a time, from one caller.
/// </remarks>
/// <param name="time">The clock behind the bound.</param>
public sealed class ReusableTimeout(TimeProvider time) : IDisposable
{
    private CancellationTokenSource _source = new(Timeout.InfiniteTimeSpan, time);
    private CancellationTokenRegistration _link;
    private bool _armed;

    /// <summary>Gets how many times a fired source was replaced (tests and diagnostics).</summary>
    public int Replaced { get; private set; }

    /// <summary>
    /// Starts a bound of <paramref name="after"/> that also ends when <paramref name="outer"/> is
    /// cancelled, and returns its token. Every <see cref="Arm"/> needs its <see cref="Disarm"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The previous wait was not disarmed.</exception>
    public CancellationToken Arm(TimeSpan after, CancellationToken outer)
    {
        if (_armed)
        {
            throw new InvalidOperationException("the previous wait was not disarmed");
        }

        _armed = true;
        _link = outer.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
        _source.CancelAfter(after);
        return _source.Token;
    }

    /// <summary>Ends the wait: unlinks the caller's token and makes the source ready for the next <see cref="Arm"/>.</summary>
    public void Disarm()
    {
        if (!_armed)
        {
            return;
        }

        _armed = false;
        _link.Dispose();
        _link = default;
        if (!_source.TryReset())
        {
            _source.Dispose();
            _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            Replaced++;
        }
    }

    public void Dispose()
    {
        _link.Dispose();
        _source.Dispose();
    }
}
