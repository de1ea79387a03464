namespace SocketBench.Load.Reporting;

/// <summary>A stretch of one timeline row, in seconds since the first connect.</summary>
internal readonly record struct TimelineStretch(double FromS, double ToS)
{
    public double MidS => (FromS + ToS) / 2;
}

/// <summary>
/// One client's row in the per-client timeline: its place in connect order (row 0 connected
/// first), the stretch it waited in SYN-SENT (connect issued until the handshake), and the stretch
/// it was connected (handshake until the server served it: the accept queue, then its message), or
/// null when the handshake never came. The marks are the trace's own times.
/// </summary>
internal sealed record ClientTimelineRow(ClientTrace Trace, int Row, TimelineStretch Waiting, TimelineStretch? Connected);

/// <summary>The geometry of the per-client timeline (<see cref="LatencyPlot"/> only draws it).</summary>
internal static class ClientTimelineLayout
{
    /// <summary>
    /// One row per trace, in connect order (ties by client number). A stretch whose end did not
    /// happen runs to the scenario's last known moment: its judgement, or else the latest time of any trace.
    /// </summary>
    public static IReadOnlyList<ClientTimelineRow> Rows(IReadOnlyList<ClientTrace> traces)
    {
        if (traces.Count == 0)
        {
            return [];
        }

        var end = traces.Max(Latest);
        return [.. traces.OrderBy(t => t.ConnectS).ThenBy(t => t.Client).Select((t, i) => Row(t, i, end))];
    }

    private static ClientTimelineRow Row(ClientTrace t, int row, double end)
    {
        var waitEnd = t.HandshakeS ?? (t.ServedS is null ? end : t.ConnectS);
        TimelineStretch? connected = t.HandshakeS is { } h ? new TimelineStretch(h, t.ServedS ?? end) : null;
        return new ClientTimelineRow(t, row, new TimelineStretch(t.ConnectS, waitEnd), connected);
    }

    private static double Latest(ClientTrace t) =>
        Math.Max(Math.Max(t.ConnectS, t.JudgedS ?? double.MinValue), Math.Max(t.HandshakeS ?? double.MinValue, t.ServedS ?? double.MinValue));
}
