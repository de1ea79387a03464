using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <summary>Everything the checks of one submission share: the programs, our helpers, and what earlier checks saw.</summary>
internal sealed class GradeContext(Submission submission, OurPrograms ours, bool quick) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(string What, string Stderr)> _clientRuns = [];
    private readonly Dictionary<string, int?> _exitCodes = [];
    private FaultProxy? _proxy;

    public Submission Submission { get; } = submission;

    public OurPrograms Ours { get; } = ours;

    public bool Quick { get; } = quick;

    /// <summary>Gets or sets why the submission's server could not start, once seen (later server checks fail fast with it).</summary>
    public string? ServerStartFailure { get; set; }

    /// <summary>Gets or sets how an earlier check saw the listening server serve no client (later checks that need a client served fail fast with it).</summary>
    public string? ServerUnserved { get; set; }

    /// <summary>Gets every stderr the submission's client wrote, with what it was doing.</summary>
    public IReadOnlyList<(string What, string Stderr)> ClientRuns
    {
        get
        {
            lock (_gate)
            {
                return [.. _clientRuns];
            }
        }
    }

    /// <summary>Notes one run of the submission's client (for the traceback check).</summary>
    public void RecordClientRun(string what, string stderr)
    {
        lock (_gate)
        {
            _clientRuns.Add((what, stderr));
        }
    }

    /// <summary>Notes an exit code seen in a named situation (for the exit-codes extension).</summary>
    public void RecordExit(string situation, int? code)
    {
        lock (_gate)
        {
            _exitCodes[situation] = code;
        }
    }

    /// <summary>An exit code noted earlier, if any.</summary>
    public bool TryGetExit(string situation, out int? code)
    {
        lock (_gate)
        {
            return _exitCodes.TryGetValue(situation, out code);
        }
    }

    /// <summary>The fault proxy, started on first use.</summary>
    public async Task<FaultProxy> ProxyAsync()
    {
        return _proxy ??= await FaultProxy.StartAsync(Ours.ToxiproxyServer ?? throw new InvalidOperationException("bin/toxiproxy-server is missing (make build)")).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync().ConfigureAwait(false);
        }
    }
}
