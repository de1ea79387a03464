using SocketBench.Load.Reporting;

namespace SocketBench.Load;

/// <summary>Everything the command line sets, with the defaults of a full `make load` run.</summary>
internal sealed record LoadOptions
{
    /// <summary>Gets the implementation: a name under bin/ (csharp, c, python) or a directory holding `server`.</summary>
    public string Impl { get; init; } = "csharp";

    /// <summary>Gets the repository root (SOCKETBENCH_ROOT, else the nearest folder above holding SocketBench.sln).</summary>
    public string Root { get; init; } = Processes.RepoRoot.TryPath ?? Directory.GetCurrentDirectory();

    /// <summary>Gets the scenario numbers to run, 1-7.</summary>
    public IReadOnlyList<int> Scenarios { get; init; } = [1, 2, 3, 4, 5, 6, 7];

    /// <summary>Gets the listen backlogs scenarios 1 and 2 run with (10 is the server default).</summary>
    public IReadOnlyList<int> Backlogs { get; init; } = [10, 5];

    /// <summary>Gets K, the clients beyond the queue's B+1 in scenario 1 (at most B+1).</summary>
    public int Extra { get; init; } = 4;

    /// <summary>Gets the length of each timed phase in scenarios 3 and 4 (issue: 10 s).</summary>
    public TimeSpan PhaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets R, scenario 4's open-model rate per second (then 2R). 1000/s is well below what one
    /// loader reaches in the closed model against the C# server on 2 CPUs (~12 000/s), yet arrivals
    /// are random within each second, so a 10-deep queue still sees bursts.
    /// </summary>
    public int Rate { get; init; } = 1000;

    /// <summary>Gets how long scenarios 3 and 4 wait for earlier TIME_WAIT sockets to drain below 10 000 (TIME_WAIT lasts 60 s).</summary>
    public TimeSpan TimeWaitGate { get; init; } = TimeSpan.FromSeconds(75);

    public int LargeClients { get; init; } = 16;

    public long LargeBytes { get; init; } = 64L << 20;

    /// <summary>Gets how long scenario 7's stalled client holds its half-sent message (from the start of the fast stream).</summary>
    public TimeSpan Stall { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets the bytes of a short message's body.</summary>
    public int ShortBody { get; init; } = 64;

    /// <summary>Gets the report folder; null writes none.</summary>
    public string? ReportFolder { get; init; }

    public ConsoleMode Console { get; init; } = ConsoleMode.Auto;

    /// <summary>
    /// Gets a running server to load instead of starting IMPL's (--target HOST:PORT); null starts one.
    /// The runner then reads neither its stdout nor its listening socket: exactly-once and kernel checks say n/a.
    /// </summary>
    public System.Net.IPEndPoint? Target { get; init; }

    /// <summary>Gets the Toxiproxy API URL for scenario 6; null starts bin/toxiproxy-server.</summary>
    public Uri? ToxiproxyUrl { get; init; }

    public string ServerPath => Path.GetFullPath(Path.Combine(ImplDirectory, "server"));

    public string ImplDirectory => Impl.Contains('/', StringComparison.Ordinal) ? Impl : Path.Combine(Root, "bin", Impl);

    /// <summary>Gets the short settings of the `make test` smoke: seconds, not minutes.</summary>
    public static LoadOptions Smoke(string impl = "csharp") => new()
    {
        Impl = impl,
        Scenarios = [1, 2, 4],
        Extra = 3,
        Rate = 100,
        PhaseDuration = TimeSpan.FromSeconds(2),
        TimeWaitGate = TimeSpan.Zero,
    };
}
