using System.Diagnostics;

namespace SocketBench.Load.Tests;

/// <summary>Waits on a condition with a real-time deadline (no sleep-and-hope).</summary>
internal static class Until
{
    public static async Task TrueAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; !condition(); i++)
        {
            if (sw.Elapsed.TotalSeconds > seconds)
            {
                Assert.Fail($"timed out after {seconds} s waiting for {what}");
            }

            // Let the runner's thread-pool continuations progress between checks.
            await Task.Delay(i < 100 ? 0 : 1).ConfigureAwait(false);
        }
    }
}
