namespace SocketBench.Bench.Sections;

/// <summary>
/// Which subjects and sinks one throughput round runs. A /dev/null transfer of 1 GiB takes about
/// half a second, one into a pipe about three times that, and the /dev/null pairs sit close to
/// their target (at parity, 1.00-1.04x against 0.95x) while the machine spreads one round's ratio
/// by 10-19% (log sd): 9 rounds leave an interval of about +-8%, too wide to place 1.00x on either
/// side of 0.95x. So /dev/null gets <see cref="DevNullFactor"/> times the rounds (27 by default), and
/// every <see cref="DevNullFactor"/>-th of them, spread over the whole run, is a full round: the pipe
/// sink too, the 1 KiB memory runs, Python (the first <see cref="PythonRounds"/> full rounds) and the
/// peers nc and socat (the first <see cref="PeerRounds"/>).
/// </summary>
public sealed record ThroughputPlan(int Round, bool Full, bool Python, bool Peers, IReadOnlyList<Sink> Sinks)
{
    /// <summary>/dev/null rounds per full round.</summary>
    public const int DevNullFactor = BenchOptions.CloseRoundFactor;

    /// <summary>Full rounds that also run the Python pair.</summary>
    public const int PythonRounds = 3;

    /// <summary>Full rounds that also run nc and socat.</summary>
    public const int PeerRounds = 3;

    private static readonly Sink[] Both = [Sink.DevNull, Sink.Pipe];
    private static readonly Sink[] DevNullOnly = [Sink.DevNull];

    /// <summary>The rounds for <paramref name="fullRounds"/> (bench --rounds): <see cref="DevNullFactor"/> times as many, full ones spread evenly.</summary>
    public static IReadOnlyList<ThroughputPlan> For(int fullRounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fullRounds, 1);
        var plan = new List<ThroughputPlan>(fullRounds * DevNullFactor);
        for (var round = 1; round <= fullRounds * DevNullFactor; round++)
        {
            var full = (round - 1) % DevNullFactor == 0;
            var index = ((round - 1) / DevNullFactor) + 1;
            plan.Add(new ThroughputPlan(round, full, full && index <= PythonRounds, full && index <= PeerRounds, full ? Both : DevNullOnly));
        }

        return plan;
    }
}
