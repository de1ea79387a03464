using System.Globalization;
using System.Text;
using SocketBench.Bench.Stats;

namespace SocketBench.Bench.Reporting;

/// <summary>The run as Markdown: the targets with their intervals and verdicts first, then every measure's table.</summary>
public static class MarkdownResult
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(BenchResult result)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv, $"# make bench, {result.Started}");
        md.AppendLine();
        md.AppendLine(Inv, $"{result.Machine["cpus"]} CPUs ({result.Machine["cpu"]}), Linux {result.Machine["kernel"]}, load average at start {result.Machine["loadavg"]}; git {result.Machine["git"]}.");
        md.AppendLine(Inv, $"{result.Options.Rounds} interleaved rounds, {result.Options.ThroughputBytes >> 20} MiB messages; {result.Machine["placement"]}; took {result.Elapsed.TotalSeconds:0} s.");
        md.AppendLine();
        md.AppendLine(Inv, $"A verdict is **met** when the whole 95% confidence interval of the per-round values lies on the target's side, **missed** when it lies on the other side, and **inconclusive** when it straddles the target. Ratios are geometric means of per-round ratios; each round runs every subject once, in alternating order, except throughput, where a round's value is the best of {Sections.ThroughputSection.Repetitions} transfers per subject, interleaved (a busy machine only ever slows a transfer; its CPU per GiB is in tput/*-cpu).");
        md.AppendLine();
        md.AppendLine("| target | estimate [95% interval] | target | rounds | verdict |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var t in result.Targets)
        {
            var sign = t.Target.Better == Better.Higher ? ">=" : "<=";
            md.AppendLine(Inv, $"| {t.Target.Title} | {Estimate(t)} | {sign} {t.Target.Threshold.ToString("0.##", Inv)}{Unit(t.Target.Unit)} | {t.Interval.Rounds} | {JsonResult.Text(t.Verdict)} |");
        }

        if (result.Failures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Measurements that failed");
            md.AppendLine();
            foreach (var f in result.Failures)
            {
                md.AppendLine(Inv, $"- {f}");
            }
        }

        foreach (var measure in result.Samples.Select(s => s.Measure).Distinct())
        {
            var rows = result.Samples.Where(s => s.Measure == measure).GroupBy(s => s.Subject).ToList();
            md.AppendLine();
            md.AppendLine(Inv, $"## {measure} ({rows[0].First().Unit})");
            md.AppendLine();
            md.AppendLine("| subject | median (min-max) | samples |");
            md.AppendLine("|---|---|---|");
            foreach (var g in rows)
            {
                var s = Summary.Of(g.Select(x => x.Value));
                md.AppendLine(Inv, $"| {g.Key} | {s.Format(Digits(s.Median))} | {s.Count} |");
            }
        }

        return md.ToString();
    }

    private static string Estimate(TargetResult t)
    {
        var i = t.Interval;
        if (i.Rounds == 0)
        {
            return "n/a";
        }

        var digits = t.Target.Unit == "x" ? 2 : Digits(i.Estimate);
        var f = "F" + digits.ToString(Inv);
        var range = double.IsFinite(i.Low) && double.IsFinite(i.High) ? $" [{i.Low.ToString(f, Inv)}, {i.High.ToString(f, Inv)}]" : " [one round]";
        return $"{i.Estimate.ToString(f, Inv)}{Unit(t.Target.Unit)}{range}";
    }

    private static string Unit(string unit) => unit == "x" ? "x" : " " + unit;

    private static int Digits(double v) => Math.Abs(v) >= 100 ? 0 : Math.Abs(v) >= 10 ? 1 : 2;
}
