using System.Collections.Concurrent;
using System.Net.Sockets;
using NUnit.Framework;
using Polly;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using SocketBench.Client;
using SocketBench.Testing;

namespace SocketBench.UnitTests.Client;

[TestFixture]
[Category("unit")]
public class ConnectPipelineTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private static readonly ClientOptions Options = new() { Host = "127.0.0.1", Port = 1, Retries = 3, ConnectTimeout = TimeSpan.FromSeconds(2) };

    [Test]
    public void Build_Default_IsOverallTimeoutThenRetryThenAttemptTimeout()
    {
        var descriptor = ConnectPipeline.Build(Options, TimeProvider.System).GetPipelineDescriptor();

        Assert.That(descriptor.Strategies, Has.Count.EqualTo(3));
        var overall = (TimeoutStrategyOptions)descriptor.Strategies[0].Options!;
        var retry = (RetryStrategyOptions)descriptor.Strategies[1].Options!;
        var attempt = (TimeoutStrategyOptions)descriptor.Strategies[2].Options!;
        Assert.Multiple(() =>
        {
            Assert.That(overall.Timeout, Is.EqualTo(Options.OverallConnectTimeout));
            Assert.That(overall.Timeout, Is.GreaterThan(attempt.Timeout * (Options.Retries + 1)));
            Assert.That(retry.MaxRetryAttempts, Is.EqualTo(3));
            Assert.That(retry.BackoffType, Is.EqualTo(DelayBackoffType.Exponential));
            Assert.That(retry.UseJitter, Is.True);
            Assert.That(retry.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(100)));
            Assert.That(retry.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(attempt.Timeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
        });
    }

    [Test]
    public void Build_NoRetries_HasNoRetryStrategy()
    {
        var descriptor = ConnectPipeline.Build(Options with { Retries = 0 }, TimeProvider.System).GetPipelineDescriptor();
        Assert.That(descriptor.Strategies.Select(s => s.Options!.GetType()), Is.EqualTo(new[] { typeof(TimeoutStrategyOptions), typeof(TimeoutStrategyOptions) }));
    }

    [Test]
    public async Task Execute_RefusedTwiceThenConnects_RetriesOnTheFakeClockWithBoundedBackoff()
    {
        var time = new SteppedClock();
        var retries = new ConcurrentQueue<Retry>();
        var pipeline = Build(time, retries);
        var calls = 0;

        var run = pipeline.ExecuteAsync(_ => Interlocked.Increment(ref calls) <= 2 ? throw new SocketException((int)SocketError.ConnectionRefused) : ValueTask.FromResult(calls)).AsTask();
        await RetryAsync(time, run, retries, count: 2);

        Assert.That(await run.Within(Long, "the third attempt"), Is.EqualTo(3));
        Assert.That(retries.Select(r => r.Delay.TotalMilliseconds), Has.All.InRange(0.001, 2000.0));
    }

    [Test]
    public async Task Execute_AttemptHangs_PerAttemptTimeoutIsRetried()
    {
        var time = new SteppedClock();
        var retries = new ConcurrentQueue<Retry>();
        var calls = 0;
        var pipeline = Build(time, retries);

        var run = pipeline.ExecuteAsync(async ct =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
            }

            return calls;
        }).AsTask();

        // The first attempt hangs until its own timeout (2 s on the fake clock), which the pipeline retries.
        await Eventually.UntilAsync(() => Volatile.Read(ref calls) == 1, Long, "the first attempt started");
        await time.WaitForArmedAsync(Options.ConnectTimeout);
        time.Advance(Options.ConnectTimeout);
        await RetryAsync(time, run, retries, count: 1);

        Assert.That(await run.Within(Long, "the second attempt"), Is.EqualTo(2));
    }

    [Test]
    public async Task Execute_AlwaysRefused_GivesUpAfterRetriesAndClassifiesAs75()
    {
        var time = new SteppedClock();
        var retries = new ConcurrentQueue<Retry>();
        var calls = 0;
        var pipeline = Build(time, retries);

        var run = pipeline.ExecuteAsync<int>(_ =>
        {
            Interlocked.Increment(ref calls);
            throw new SocketException((int)SocketError.ConnectionRefused);
        }).AsTask();
        await RetryAsync(time, run, retries, count: 3);

        var e = Assert.ThrowsAsync<SocketException>(() => run.Within(Long, "the last refused attempt"))!;
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(4));
            Assert.That(SocketErrorClassifier.ConnectExitCode(ConnectPipeline.Classify(e)), Is.EqualTo(ExitCode.TempFail));
        });
    }

    [TestCase(SocketError.AccessDenied, ExitCode.NoPermission)]
    [TestCase(SocketError.HostNotFound, ExitCode.NoHost)]
    [TestCase(SocketError.AddressFamilyNotSupported, ExitCode.Unavailable)]
    public void Execute_FatalError_IsNotRetried(SocketError error, ExitCode expected)
    {
        var calls = 0;
        var pipeline = ConnectPipeline.Build(Options, new SteppedClock());

        var e = Assert.ThrowsAsync<SocketException>(async () => await pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new SocketException((int)error);
        }))!;

        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(1));
            Assert.That(SocketErrorClassifier.ConnectExitCode(ConnectPipeline.Classify(e)), Is.EqualTo(expected));
        });
    }

    /// <summary>The client's pipeline on <paramref name="time"/>, announcing each retry into <paramref name="retries"/>.</summary>
    private static ResiliencePipeline Build(SteppedClock time, ConcurrentQueue<Retry> retries) =>
        ConnectPipeline.Build(Options, time, args =>
        {
            retries.Enqueue(new Retry(args.RetryDelay, time.Armed.Count));
            return ValueTask.CompletedTask;
        });

    /// <summary>
    /// Lets the pipeline through <paramref name="count"/> retries: for each one, waits until it chose
    /// its delay and armed that delay's timer (the first timer armed after the retry was announced),
    /// checks the timer is the delay, and advances the clock by exactly its due time.
    /// </summary>
    private static async Task RetryAsync(SteppedClock time, Task run, ConcurrentQueue<Retry> retries, int count)
    {
        for (var k = 1; k <= count; k++)
        {
            await Eventually.UntilAsync(() => retries.Count >= k || run.IsCompleted, Long, $"retry {k} announced");
            Assert.That(run.IsCompleted, Is.False, $"the pipeline ended before retry {k}");
            var retry = retries.ElementAt(k - 1);
            var due = await time.AdvanceToArmedAsync(retry.ArmedBefore);
            Assert.That(due.TotalMilliseconds, Is.EqualTo(retry.Delay.TotalMilliseconds).Within(1.0), $"retry {k}'s timer is its delay");
        }
    }

    /// <summary>A retry as announced: its delay, and how many timer armings came before (its delay's timer is the next).</summary>
    private sealed record Retry(TimeSpan Delay, int ArmedBefore);
}
