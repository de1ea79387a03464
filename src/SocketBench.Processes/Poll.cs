namespace SocketBench.Processes;

/// <summary>Waits on an observable condition with a deadline: never sleep-and-hope.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="deadline"/> passes (false).</summary>
    /// <param name="condition">What to wait for; checked once more at the deadline.</param>
    /// <param name="deadline">How long to wait, by <paramref name="time"/>.</param>
    /// <param name="interval">Time between checks (default 10 ms).</param>
    /// <param name="cancellationToken">Stops the wait (throws).</param>
    /// <param name="time">The clock for the deadline and the interval (default the system's; a fake one in unit tests).</param>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline, TimeSpan? interval = null, CancellationToken cancellationToken = default, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        time ??= TimeProvider.System;
        var start = time.GetTimestamp();
        while (!condition())
        {
            if (time.GetElapsedTime(start) >= deadline)
            {
                return condition();
            }

            await Task.Delay(interval ?? DefaultInterval, time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value or <paramref name="deadline"/> passes (default).</summary>
    public static async Task<T?> ForAsync<T>(Func<T?> probe, TimeSpan deadline, TimeSpan? interval = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? value = null;
        await UntilAsync(() => (value = probe()) is not null, deadline, interval, cancellationToken).ConfigureAwait(false);
        return value;
    }
}
