using System.Globalization;
using SocketBench.Load.Target;
using SocketBench.Processes;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// TcpExt counters that explain failures of the high-rate scenarios, as deltas over a scenario:
/// ListenOverflows (SYNs dropped on a full accept queue: 1 s retransmits), SyncookiesSent (the
/// half-open queue, also sized by the backlog, overflowed), EmbryonicRsts. Namespace-wide: other
/// programs on the machine count too.
/// </summary>
internal sealed class KernelCounters
{
    private static readonly string[] Names = ["ListenOverflows", "SyncookiesSent", "SyncookiesFailed", "EmbryonicRsts"];
    private long[] _start = [];

    public void Start() => _start = [.. Names.Select(NetStat.TcpExt)];

    /// <summary>ListenOverflows since <see cref="Start"/>, as of the last <see cref="Report"/>.</summary>
    public long ListenOverflows { get; private set; }

    public void Report(ScenarioInitContext context)
    {
        var now = Names.Select(NetStat.TcpExt).ToArray();
        ListenOverflows = now[0] - _start[0];
        var deltas = Names.Select((n, i) => $"{n} +{(now[i] - _start[i]).ToString(CultureInfo.InvariantCulture)}");
        context.AddEvidence("TcpExt counter deltas (namespace-wide)", string.Join(", ", deltas));
    }
}
