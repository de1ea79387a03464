using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>Test-side waits: <see cref="Poll"/> plus an NUnit failure naming what did not happen (STYLE.md point 15).</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="deadline"/> passes.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline, TimeSpan? poll = null) =>
        Poll.UntilAsync(condition, deadline, poll);

    /// <summary>As <see cref="UntilAsync"/>, but fails the test with <paramref name="what"/> on timeout.</summary>
    public static async Task AssertAsync(Func<bool> condition, TimeSpan deadline, Func<string> what)
    {
        if (!await Poll.UntilAsync(condition, deadline).ConfigureAwait(false))
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
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            NUnit.Framework.Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing the test when it outlasts <paramref name="limit"/>.</summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan limit, string what)
    {
        try
        {
            return await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            NUnit.Framework.Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s");
            throw;
        }
    }
}
