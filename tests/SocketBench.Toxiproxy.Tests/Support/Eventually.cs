using System.Diagnostics;
using SocketBench.Processes;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>Wait on conditions with deadlines, never sleep-and-hope.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>Polls <paramref name="condition"/> until true or the deadline passes (then fails).</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, string because)
    {
        if (!await Poll.UntilAsync(condition, deadline, Interval))
        {
            Assert.Fail($"condition not met within {deadline.TotalMilliseconds} ms: {because}");
        }
    }

    /// <summary>Async variant.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string because)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"condition not met within {deadline.TotalMilliseconds} ms: {because}");
            }

            await Task.Delay(5);
        }
    }
}

/// <summary>Deadline wrapper for test blocks (Toxiproxy's <c>TimeoutAfter</c>).</summary>
internal static class Deadline
{
    /// <summary>Awaits <paramref name="task"/> or fails after <paramref name="limit"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan limit, string what)
    {
        try
        {
            return await task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not finish within {limit.TotalMilliseconds} ms");
            throw;
        }
    }

    /// <summary>Awaits <paramref name="task"/> or fails after <paramref name="limit"/>.</summary>
    public static async Task Within(this Task task, TimeSpan limit, string what)
    {
        try
        {
            await task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not finish within {limit.TotalMilliseconds} ms");
            throw;
        }
    }
}
