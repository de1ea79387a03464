
namespace SocketBench.Testing;

/// <summary>Bounds a test block in time (toxiproxy's testhelper.TimeoutAfter).</summary>
public static class Deadline
{
    /// <summary>Awaits <paramref name="task"/>, failing the test when it outlasts <paramref name="limit"/>.</summary>
    public static async Task Within(this Task task, TimeSpan limit, string what)
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
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan limit, string what)
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
