using System.Globalization;
using SocketBench.Load.Target;
using SocketBench.Processes;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Before a high-rate scenario: wait (bounded) until the TIME_WAIT sockets left by earlier
/// scenarios drain. Scenario 3 makes ~270 000 connections in 20 s, which fills tcp_max_tw_buckets
/// (131 072) and the 28 000 ephemeral ports; a scenario started then measures the port search and
/// the reuse collisions, not the server (reference/baselines.md, "the TIME_WAIT harness trap").
/// It waits until fewer than 1000 are left, not merely fewer than the bucket limit: with the gate at
/// 10 000, scenario 4 started while thousands still expired (14 826 -> 6 998 at its start) and a
/// storm of SYN cookies and listen overflows hit it (ListenOverflows +4873 and +5012 in two
/// fresh-clone `make load` runs, none when the same scenario ran alone with 511 left).
/// </summary>
internal static class QuietGate
{
    private const long Limit = 1_000;

    /// <summary>Waits at most <paramref name="maxWait"/> (zero: only records the count, as the smoke does).</summary>
    public static async Task WaitAsync(ScenarioInitContext context, TimeSpan maxWait)
    {
        var time = context.TimeProvider;
        var start = time.GetTimestamp();
        var before = NetStat.TimeWaitSockets();
        var drained = await Poll.UntilAsync(() => NetStat.TimeWaitSockets() < Limit, maxWait, TimeSpan.FromMilliseconds(500), context.CancellationToken, time).ConfigureAwait(false);
        var waited = time.GetElapsedTime(start);
        context.AddEvidence("TIME_WAIT sockets before start (namespace-wide)",
            $"{before.ToString(CultureInfo.InvariantCulture)}; {(drained ? "below" : "still not below")} {Limit} after {waited.TotalSeconds:0.#} s (now {NetStat.TimeWaitSockets().ToString(CultureInfo.InvariantCulture)})");
    }
}
