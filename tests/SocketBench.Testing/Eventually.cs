using System.Diagnostics;

namespace SocketBench.Testing;

/// <summary>Waits on an observable condition with a deadline: never sleep-and-hope (STYLE.md point 15).</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="deadline"/> passes.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline, TimeSpan? poll = null)
    {
        var sw = Stopwatch.StartNew();
        var interval = poll ?? TimeSpan.FromMilliseconds(10);
        while (!condition())
        {
            if (sw.Elapsed > deadline)
            {
                return condition();
            }

            await Task.Delay(interval).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>As <see cref="UntilAsync"/>, but fails the test with <paramref name="what"/> on timeout.</summary>
    public static async Task AssertAsync(Func<bool> condition, TimeSpan deadline, Func<string> what)
    {
        if (!await UntilAsync(condition, deadline).ConfigureAwait(false))
        {
            NUnit.Framework.Assert.Fail($"not within {deadline.TotalSeconds:0.#} s: {what()}");
        }
    }
}

/// <summary>Bounds a test block in time (toxiproxy's testhelper.TimeoutAfter).</summary>
public static class Deadline
{
    /// <summary>Awaits <paramref name="task"/>, failing the test when it outlasts <paramref name="limit"/>.</summary>
    public static async Task Within(Task task, TimeSpan limit, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
        if (finished != task)
        {
            NUnit.Framework.Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s");
        }

        await task.ConfigureAwait(false);
    }

    /// <summary>Awaits <paramref name="task"/>, failing the test when it outlasts <paramref name="limit"/>.</summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan limit, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
        if (finished != task)
        {
            NUnit.Framework.Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s");
        }

        return await task.ConfigureAwait(false);
    }
}
