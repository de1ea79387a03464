using System.Globalization;
using SocketBench.Bench.Reporting;

namespace SocketBench.Bench;

/// <summary><c>bench compare A B</c>: which targets got worse from run A to run B by more than a tolerance.</summary>
public static class Compare
{
    /// <summary>Prints one line per target both runs measured; returns the number of regressions.</summary>
    public static int Run(string a, string b, double tolerance, TextWriter output)
    {
        var before = JsonResult.ReadTargets(a).ToDictionary(t => t.Id);
        var regressions = 0;
        foreach (var now in JsonResult.ReadTargets(b))
        {
            if (!before.TryGetValue(now.Id, out var was) || !double.IsFinite(was.Estimate) || !double.IsFinite(now.Estimate))
            {
                continue;
            }

            var slack = now.Kind == TargetKind.Difference ? tolerance * Math.Abs(now.Threshold) : tolerance * Math.Abs(was.Estimate);
            var worse = now.Better == Better.Higher ? now.Estimate < was.Estimate - slack : now.Estimate > was.Estimate + slack;
            regressions += worse ? 1 : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(worse ? "REGRESSED" : "ok"),-9} {now.Id,-16} {was.Estimate,10:0.###} -> {now.Estimate,10:0.###}  ({was.Verdict} -> {now.Verdict})"));
        }

        return regressions;
    }
}
