using System.Globalization;
using SocketBench.Load.Clients;
using SocketBench.Processes;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Scenario 7 (issue 15): one client connects, sends half of a 64 KiB message and stalls for
/// <see cref="LoadOptions.Stall"/> (from the moment the fast stream starts), then finishes, while
/// fast clients send short messages at <see cref="FastRate"/> per second (open model, Inject).
/// Run twice, each against a fresh server: as the spec has it (sequential: every fast client that
/// arrives during the stall waits for it) and with <c>--concurrency 8</c> (DESIGN.md section 3a:
/// the stall holds one of eight slots). Both runs: nothing fails, every confirmed message is in
/// the output exactly once (the stalled one too), the server's RSS grows by less than
/// <see cref="RssLimitBytes"/>. The fast clients' p50/p99 and rate sit in adjacent rows of the
/// summary, and latency.png overlays both runs in one panel (each fast client's latency by its
/// arrival). A server without <c>--concurrency</c> (its <c>--help</c> does not name it) runs only
/// the sequential half, and the report says why.
/// </summary>
internal sealed class StalledClientScenarios(LoadOptions options)
{
    /// <summary>The option the concurrent run needs.</summary>
    public const string Option = "--concurrency";

    /// <summary>The N of the concurrent run.</summary>
    public const int Concurrency = 8;

    /// <summary>Fast clients per second.</summary>
    public const int FastRate = 20;

    /// <summary>Growth of the server's resident set each run must stay under.</summary>
    public const long RssLimitBytes = 32L << 20;

    /// <summary>Deep enough for every fast client that arrives during the stall (FastRate x Stall) to wait in the accept queue, not in SYN retransmits.</summary>
    public const int Backlog = 128;

    /// <summary>The stalled client's message body.</summary>
    public const int StallBody = 64 * 1024;

    public const string SequentialName = "7-stalled-sequential";

    public static string ConcurrentName => $"7-stalled-concurrency-{Concurrency}";

    public IEnumerable<Scenario> Create()
    {
        if (options.Target is not null)
        {
            yield return new StalledClientRun(options, "7-stalled-target", null, Expect.Nothing, "--target: the runner starts no server, so it cannot start one with --concurrency; one run against the target").Build();
            yield break;
        }

        var offered = ProgramHelp.OffersAsync(options.ServerPath, Option, ProgramHelp.DefaultDeadline).GetAwaiter().GetResult();
        yield return new StalledClientRun(options, SequentialName, null, Expect.HeadOfLineBlocking,
            offered ? null : $"the concurrent run is skipped: {options.ServerPath} does not offer {Option} (not in `server --help`)").Build();
        if (offered)
        {
            yield return new StalledClientRun(options, ConcurrentName, [Option, Concurrency.ToString(CultureInfo.InvariantCulture)], Expect.NotHeld, null).Build();
        }
    }

    /// <summary>What the fast clients' p99 must show.</summary>
    internal enum Expect
    {
        /// <summary>No latency threshold (a server the runner did not start).</summary>
        Nothing,

        /// <summary>p99 at least half the stall: the sequential server is held by the stalled client.</summary>
        HeadOfLineBlocking,

        /// <summary>p99 below half the stall: the stalled client holds one slot, not the server.</summary>
        NotHeld,
    }
}
