using ScottPlot;

namespace SocketBench.Load.Reporting;

/// <summary>latency.png: one panel per scenario with p50/p95/p99 per interval (ms, left axis) and the ok rate (right axis).</summary>
internal static class LatencyPlot
{
    private const int Width = 1000;
    private const int PanelHeight = 300;

    public static void Save(RunResult result, string path)
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
            var rows = Plotted(s.Timeline);
            var xs = rows.Select(t => t.At.TotalSeconds).ToArray();
            Line(plot, xs, rows.Select(t => t.P50Ms).ToArray(), "p50 ms", Colors.SteelBlue);
            Line(plot, xs, rows.Select(t => t.P95Ms).ToArray(), "p95 ms", Colors.DarkOrange);
            Line(plot, xs, rows.Select(t => t.P99Ms).ToArray(), "p99 ms", Colors.Crimson);
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

        multiplot.SavePng(path, Width, PanelHeight * Math.Max(1, scenarios.Count));
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

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, string label, Color color)
    {
        var sp = plot.Add.Scatter(xs, ys, color);
        sp.LegendText = label;
        sp.MarkerSize = 3;
        return sp;
    }
}
