using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Polly.Testing;
using Polly.Timeout;
using SocketBench.Client;

namespace SocketBench.UnitTests.Client;

/// <summary>
/// One connect attempt over a host's address list (DESIGN.md section 3): each address gets an
/// equal share of what is left of the attempt's budget, so a black-holing first address cannot
/// use the whole attempt before the next one is tried. Time is a <see cref="FakeTimeProvider"/>
/// that the fake connector advances by the time a black hole would take.
/// </summary>
[TestFixture]
[Category("unit")]
public class ConnectorTests
{
    private static readonly IPAddress BlackHole = IPAddress.IPv6Loopback;
    private static readonly IPAddress Good = IPAddress.Loopback;

    [Test]
    public void ConnectAny_FirstAddressBlackHoles_NextIsTriedWithinTheBudget()
    {
        var time = new FakeTimeProvider();
        var fake = new FakeConnector(time, BlackHole);
        var connector = new Connector(fake, time);

        using var socket = connector.ConnectAny([BlackHole, Good], 5000, TimeSpan.FromSeconds(4), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(fake.Calls.Select(c => c.Endpoint.Address), Is.EqualTo(new[] { BlackHole, Good }));
            Assert.That(fake.Calls[0].Timeout, Is.EqualTo(TimeSpan.FromSeconds(2)), "the first of two addresses gets half the budget");
            Assert.That(fake.Calls[1].Timeout, Is.EqualTo(TimeSpan.FromSeconds(2)), "the last one gets all that is left");
            Assert.That(fake.Calls.All(c => c.Endpoint.Port == 5000), Is.True);
            Assert.That(time.GetUtcNow() - fake.Start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(4)), "within the attempt budget");
        });
    }

    [Test]
    public void ConnectAny_EveryAddressBlackHoles_ThrowsTimedOutAfterTheBudget()
    {
        var time = new FakeTimeProvider();
        var fake = new FakeConnector(time, BlackHole, Good);
        var connector = new Connector(fake, time);

        var e = Assert.Throws<SocketException>(() => connector.ConnectAny([BlackHole, Good, BlackHole], 1, TimeSpan.FromSeconds(3), CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.SocketErrorCode, Is.EqualTo(SocketError.TimedOut));
            Assert.That(fake.Calls.Select(c => c.Timeout), Is.EqualTo(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }));
            Assert.That(time.GetUtcNow() - fake.Start, Is.EqualTo(TimeSpan.FromSeconds(3)));
        });
    }

    [Test]
    public void ConnectAny_RefusedThenConnects_ReturnsTheSecondWithTheRestOfTheBudget()
    {
        var time = new FakeTimeProvider();
        var fake = new FakeConnector(time) { Refused = { BlackHole } };
        var connector = new Connector(fake, time);

        using var socket = connector.ConnectAny([BlackHole, Good], 1, TimeSpan.FromSeconds(4), CancellationToken.None);

        Assert.That(fake.Calls.Select(c => c.Timeout), Is.EqualTo(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) }), "a quick refusal leaves the whole budget to the next");
    }

    [Test]
    public void ConnectAny_AllRefused_ThrowsTheLastFailure()
    {
        var time = new FakeTimeProvider();
        var fake = new FakeConnector(time) { Refused = { BlackHole, Good } };

        var e = Assert.Throws<SocketException>(() => new Connector(fake, time).ConnectAny([BlackHole, Good], 1, TimeSpan.FromSeconds(4), CancellationToken.None))!;

        Assert.That(e.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Test]
    public void ConnectAsync_AddressLiteral_CompletesSynchronouslyWithoutALookup()
    {
        var time = new FakeTimeProvider();
        var fake = new FakeConnector(time);

        var pending = new Connector(fake, time).ConnectAsync("127.0.0.1", 7, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.That(pending.IsCompletedSuccessfully, Is.True, "no await on the common path: no thread pool, no timer");
        using var socket = pending.Result;
        Assert.That(fake.Calls.Single().Endpoint, Is.EqualTo(new IPEndPoint(Good, 7)));
    }

    [Test]
    public void Build_AfterAFirstAttempt_TakesItsTimeOffTheOverallTimeout()
    {
        var options = new ClientOptions { Host = "127.0.0.1", Port = 1, Retries = 2, ConnectTimeout = TimeSpan.FromSeconds(2) };

        var overall = (TimeoutStrategyOptions)ConnectPipeline.Build(options, TimeProvider.System, spent: TimeSpan.FromSeconds(2)).GetPipelineDescriptor().Strategies[0].Options!;

        Assert.That(overall.Timeout, Is.EqualTo(options.OverallConnectTimeout - TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void Build_LongestTimeoutsAndMostRetries_StaysWithinPollysLimit()
    {
        var options = new ClientOptions { Host = "127.0.0.1", Port = 1, Retries = ClientConstants.MaxRetries, ConnectTimeout = TimeSpan.FromSeconds(ClientConstants.MaxTimeoutSeconds) };

        var overall = (TimeoutStrategyOptions)ConnectPipeline.Build(options, TimeProvider.System).GetPipelineDescriptor().Strategies[0].Options!;

        Assert.That(overall.Timeout, Is.EqualTo(TimeSpan.FromDays(1)), "Polly rejects a timeout over one day (the client used to die with a stack trace)");
    }

    /// <summary>Connects at once, refuses, or black-holes (advances the fake clock by the timeout it was given, then times out).</summary>
    private sealed class FakeConnector(FakeTimeProvider time, params IPAddress[] blackHoles) : IAddressConnector
    {
        public DateTimeOffset Start { get; } = time.GetUtcNow();

        public List<(IPEndPoint Endpoint, TimeSpan Timeout)> Calls { get; } = [];

        public HashSet<IPAddress> Refused { get; } = [];

        public Socket Connect(IPEndPoint endpoint, TimeSpan timeout, CancellationToken ct)
        {
            Calls.Add((endpoint, timeout));
            if (blackHoles.Contains(endpoint.Address))
            {
                time.Advance(timeout);
                throw new SocketException((int)SocketError.TimedOut);
            }

            return Refused.Contains(endpoint.Address)
                ? throw new SocketException((int)SocketError.ConnectionRefused)
                : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }
    }
}
