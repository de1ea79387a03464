using Microsoft.Extensions.Time.Testing;

namespace SocketBench.Processes.Tests;

public class PollTests
{
    [Test]
    public async Task UntilAsync_FakeClock_DeadlineCountsOnThatClockNotTheWall()
    {
        var time = new FakeTimeProvider();
        var checks = 0;
        var wait = Poll.UntilAsync(() => Interlocked.Increment(ref checks) < 0, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), CancellationToken.None, time);

        // Advance the fake clock a second at a time, each time waiting (real time, bounded) for the next check.
        for (var step = 0; step < 50 && !wait.IsCompleted; step++)
        {
            Assert.That(time.GetUtcNow() - time.Start, Is.LessThan(TimeSpan.FromSeconds(5)), "the wait outlived its deadline on the fake clock");
            var seen = Volatile.Read(ref checks);
            time.Advance(TimeSpan.FromSeconds(1));
            await Poll.UntilAsync(() => Volatile.Read(ref checks) > seen || wait.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1));
        }

        Assert.That(await wait.WaitAsync(TimeSpan.FromSeconds(20)), Is.False);
        Assert.That(time.GetUtcNow() - time.Start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task UntilAsync_ConditionTurnsTrue_ReturnsTrue()
    {
        var checks = 0;

        Assert.That(await Poll.UntilAsync(() => ++checks == 3, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(1)), Is.True);
        Assert.That(checks, Is.EqualTo(3));
    }
}
