using System.Diagnostics;

namespace SocketBench.Processes;

/// <summary>Waits on an observable condition with a deadline: never sleep-and-hope.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="deadline"/> passes (false).</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= deadline)
            {
                return condition();
            }

            await Task.Delay(interval ?? DefaultInterval, cancellationToken).ConfigureAwait(false);
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
