using ScottPlot;

namespace SocketBench.Load.Reporting;

/// <summary>
/// latency.png: one panel per scenario. Most show p50/p95/p99 per interval (ms, left axis; an
/// interval without completions is a gap) and the ok rate (right axis). A scenario that recorded
/// client traces (the listen-queue scenarios: a few clients that matter one by one) shows a
/// per-client timeline instead: connect issued, handshake done, served, one row per client in
/// connect order, so the B+1 accept queue and the SYN retransmit ladder are visible.
/// </summary>
internal static class LatencyPlot
{
    private const int Width = 1000;
    private const int PanelHeight = 300;

    /// <summary>A client in SYN-SENT, waiting for its handshake, in the per-client timeline.</summary>
    private static readonly Color WaitingColor = Colors.DarkOrange.WithAlpha(0.5);

    /// <summary>A connected client (accept queue, then served), in the per-client timeline.</summary>
    private static readonly Color ConnectedColor = Colors.SteelBlue.WithAlpha(0.5);

    public static void Save(RunResult result, string path) => Compose(result).Save(path);

    /// <summary>latency.png before it is written: its panels top to bottom and its size.</summary>
    internal static Figure Compose(RunResult result)
    {
        var scenarios = result.Scenarios.Where(s => s.Timeline.Count > 0).ToList();
        var multiplot = new Multiplot();
        foreach (var existing in multiplot.GetPlots().ToArray())
        {
            multiplot.RemovePlot(existing);
        }

        if (scenarios.Count == 0)
        {
            var empty = new Plot();
            empty.Title("no intervals recorded");
            multiplot.AddPlot(empty);
        }

        foreach (var s in scenarios)
        {
            var plot = new Plot();
            multiplot.AddPlot(plot);
            if (s.ClientTraces.Count > 0)
            {
                ClientTimeline(plot, s);
                continue;
            }

            var rows = Plotted(s.Timeline);
            var xs = rows.Select(t => t.At.TotalSeconds).ToArray();
            Line(plot, xs, rows.Select(t => t.P50Ms ?? double.NaN).ToArray(), "p50 ms", Colors.SteelBlue);
            Line(plot, xs, rows.Select(t => t.P95Ms ?? double.NaN).ToArray(), "p95 ms", Colors.DarkOrange);
            Line(plot, xs, rows.Select(t => t.P99Ms ?? double.NaN).ToArray(), "p99 ms", Colors.Crimson);
            var rate = Line(plot, xs, rows.Select(t => t.OkRps).ToArray(), "ok/s (right)", Colors.Gray);
            rate.LinePattern = LinePattern.Dashed;
            rate.Axes.YAxis = plot.Axes.Right;
            plot.Title(s.Name);
            plot.XLabel("seconds into scenario");
            plot.YLabel("latency (ms)");
            plot.Axes.Right.Label.Text = "ok per second";
            plot.ShowLegend(Alignment.UpperLeft);
            plot.Axes.AutoScale();
        }

        var compared = result.Scenarios.Where(s => s.Arrivals.Count > 0).ToList();
        if (compared.Count > 0)
        {
            var plot = new Plot();
            multiplot.AddPlot(plot);
            ByArrival(plot, compared);
        }

        return new Figure(multiplot, Width, PanelHeight * Math.Max(1, scenarios.Count + (compared.Count > 0 ? 1 : 0)));
    }

    /// <summary>The last interval is cut when the scenario ends; a stub of under half an interval would plot a misleading rate.</summary>
    internal static IReadOnlyList<Stats.IntervalStats> Plotted(IReadOnlyList<Stats.IntervalStats> timeline)
    {
        if (timeline.Count < 2)
        {
            return timeline;
        }

        var typical = timeline[0].Length;
        return timeline[^1].Length < typical / 2 ? [.. timeline.Take(timeline.Count - 1)] : timeline;
    }

    private static void ClientTimeline(Plot plot, Stats.ScenarioStats s)
    {
        var waitLabel = "SYN-SENT (dropped SYN, retransmits)";
        var queueLabel = "connected: accept queue, then served";
        var marks = new[] { ("connect issued", MarkerShape.OpenCircle, Colors.Gray), ("connect returned (handshake done)", MarkerShape.FilledTriangleUp, Colors.DarkOrange), ("served (server closed)", MarkerShape.FilledSquare, Colors.ForestGreen) };
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        var rows = ClientTimelineLayout.Rows(s.ClientTraces);
        foreach (var row in rows)
        {
            var t = row.Trace;
            double y = row.Row;
            Segment(plot, row.Waiting, y, WaitingColor, LabelOnce(labelled, waitLabel));
            if (row.Connected is { } connected)
            {
                Segment(plot, connected, y, ConnectedColor, LabelOnce(labelled, queueLabel));
            }

            double?[] at = [t.ConnectS, t.HandshakeS, t.ServedS];
            for (var k = 0; k < marks.Length; k++)
            {
                if (at[k] is { } x)
                {
                    var m = plot.Add.Marker(x, y, marks[k].Item2, 8, marks[k].Item3);
                    m.LegendText = LabelOnce(labelled, marks[k].Item1) ?? "";
                }
            }
        }

        // Each row's tick names the client and its state at the judgement (text inside the data area was clipped at its edge).
        plot.Axes.Left.SetTicks([.. rows.Select(r => (double)r.Row)], [.. rows.Select(r => $"{r.Trace.Client} {r.Trace.State}")]);
        plot.Axes.Left.TickLabelStyle.FontSize = 10;

        plot.Title($"{s.Name}: per-client timeline");
        plot.XLabel("seconds since the first connect");
        plot.YLabel("client (connect order)");
        plot.ShowLegend(Edge.Right);
        plot.Axes.AutoScale();
        plot.Axes.InvertY();
    }

    /// <summary>Every scenario that recorded arrivals, overlaid: each client's response time by when it was due (e.g. scenario 7, sequential vs --concurrency 8).</summary>
    private static void ByArrival(Plot plot, IReadOnlyList<Stats.ScenarioStats> compared)
    {
        Color[] colors = [Colors.Crimson, Colors.SteelBlue, Colors.ForestGreen, Colors.DarkOrange];
        for (var i = 0; i < compared.Count; i++)
        {
            var points = compared[i].Arrivals.OrderBy(a => a.AtS).ToList();
            var sp = Line(plot, [.. points.Select(a => a.AtS)], [.. points.Select(a => a.LatencyMs)], compared[i].Name, colors[i % colors.Length]);
            sp.LineWidth = 0;
            sp.MarkerSize = 5;
        }

        plot.Title("each client's latency by its arrival, " + string.Join(" vs ", compared.Select(s => s.Name)));
        plot.XLabel("seconds into the load (the client's scheduled start)");
        plot.YLabel("latency (ms)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.AutoScale();
    }

    private static string? LabelOnce(HashSet<string> labelled, string label) => labelled.Add(label) ? label : null;

    private static void Segment(Plot plot, TimelineStretch stretch, double y, Color color, string? label)
    {
        var line = plot.Add.Line(stretch.FromS, y, stretch.ToS, y);
        line.LineWidth = 4;
        line.LineColor = color;
        line.MarkerSize = 0;
        line.LegendText = label ?? "";
    }

    /// <summary>The panels (one <see cref="Plot"/> each, top to bottom) and the image size; after <see cref="Save"/> each plot maps coordinates to the image's pixels.</summary>
    internal sealed record Figure(Multiplot Plots, int Width, int Height)
    {
        public void Save(string path) => Plots.SavePng(path, Width, Height);
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, string label, Color color)
    {
        var sp = plot.Add.Scatter(xs, ys, color);
        sp.LegendText = label;
        sp.MarkerSize = 3;
        return sp;
    }
}
