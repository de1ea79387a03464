using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>Test-side waits: <see cref="Poll"/> plus an NUnit failure naming what did not happen (STYLE.md point 15).</summary>
public static class Eventually
{
    private static readonly TimeSpan AsyncInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="deadline"/> passes.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline, TimeSpan? poll = null) =>
        Poll.UntilAsync(condition, deadline, poll);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test naming <paramref name="because"/> when <paramref name="deadline"/> passes first.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, string because)
    {
        if (!await Poll.UntilAsync(condition, deadline, AsyncInterval).ConfigureAwait(false))
        {
            NUnit.Framework.Assert.Fail($"condition not met within {deadline.TotalMilliseconds} ms: {because}");
        }
    }

    /// <summary>As the synchronous form, for a condition that must await (an API call, a read).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; !await condition().ConfigureAwait(false); i++)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > deadline)
            {
                NUnit.Framework.Assert.Fail($"condition not met within {deadline.TotalMilliseconds} ms after {i + 1} checks: {because}");
            }

            await Task.Delay(AsyncInterval).ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="UntilAsync(Func{bool}, TimeSpan, TimeSpan?)"/>, but fails the test with <paramref name="what"/> on timeout.</summary>
    public static async Task AssertAsync(Func<bool> condition, TimeSpan deadline, Func<string> what)
    {
        if (!await Poll.UntilAsync(condition, deadline).ConfigureAwait(false))
        {
            NUnit.Framework.Assert.Fail($"not within {deadline.TotalSeconds:0.#} s: {what()}");
        }
    }
}
