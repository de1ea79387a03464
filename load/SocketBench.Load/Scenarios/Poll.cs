namespace SocketBench.Load.Scenarios;

/// <summary>Waits for a condition with a deadline, checking every 2 ms by default (bounded in count and time).</summary>
internal static class Poll
{
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan within, TimeProvider time, CancellationToken cancellationToken, TimeSpan? every = null)
    {
        var step = every ?? TimeSpan.FromMilliseconds(2);
        var start = time.GetTimestamp();
        for (var i = 0; i < (int)(within / step) + 1; i++)
        {
            if (condition())
            {
                return true;
            }

            if (time.GetElapsedTime(start) > within)
            {
                break;
            }

            await Task.Delay(step, time, cancellationToken).ConfigureAwait(false);
        }

        return condition();
    }
}
