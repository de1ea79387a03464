using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Polly;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using SocketBench.Client;

namespace SocketBench.UnitTests.Client;

[TestFixture]
[Category("unit")]
public class ConnectPipelineTests
{
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
        var time = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        var pipeline = ConnectPipeline.Build(Options, time, args =>
        {
            delays.Add(args.RetryDelay);
            return ValueTask.CompletedTask;
        });
        var calls = 0;

        var run = pipeline.ExecuteAsync(_ => ++calls <= 2 ? throw new SocketException((int)SocketError.ConnectionRefused) : ValueTask.FromResult(calls)).AsTask();
        Assert.That(await AdvanceUntilAsync(time, run, () => calls), Is.EqualTo(3));

        Assert.Multiple(() =>
        {
            Assert.That(delays, Has.Count.EqualTo(2));
            Assert.That(delays.Select(d => d.TotalMilliseconds), Has.All.InRange(0.001, 2000.0));
        });
    }

    [Test]
    public async Task Execute_AttemptHangs_PerAttemptTimeoutIsRetried()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var pipeline = ConnectPipeline.Build(Options, time);

        var run = pipeline.ExecuteAsync(async ct =>
        {
            if (++calls == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
            }

            return calls;
        }).AsTask();

        Assert.That(await AdvanceUntilAsync(time, run, () => calls), Is.EqualTo(2));
    }

    [Test]
    public async Task Execute_AlwaysRefused_GivesUpAfterRetriesAndClassifiesAs75()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var pipeline = ConnectPipeline.Build(Options, time);

        var run = pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new SocketException((int)SocketError.ConnectionRefused);
        }).AsTask();

        var e = Assert.ThrowsAsync<SocketException>(() => AdvanceUntilAsync(time, run, () => calls))!;
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
        var pipeline = ConnectPipeline.Build(Options, new FakeTimeProvider());

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

    /// <summary>Advances the fake clock in small steps until <paramref name="run"/> finishes (bounded).</summary>
    private static async Task<int> AdvanceUntilAsync(FakeTimeProvider time, Task<int> run, Func<int> calls)
    {
        for (var step = 0; step < 10_000 && !run.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.WhenAny(run, Task.Delay(1));
        }

        Assert.That(run.IsCompleted, Is.True, $"pipeline still running after 100 fake seconds; calls={calls()}");
        return await run;
    }
}
