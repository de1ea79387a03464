using SocketBench.Processes;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ChaosTests;

/// <summary>
/// Collects every cell and, when the suite ends, writes the matrix (pair rows, scenario columns)
/// to tests/reports/chaos-matrix.md and .json, and prints it.
/// </summary>
[SetUpFixture]
public sealed class ChaosReport
{
    private static readonly ConcurrentDictionary<(string Pair, string Scenario), ChaosCell> Cells = new();

    public static void Record(ChaosCell cell) => Cells[(cell.Pair, cell.Scenario)] = cell;

    [OneTimeTearDown]
    public void Write()
    {
        if (Cells.IsEmpty)
        {
            return;
        }

        var dir = Path.Combine(RepoRoot.Path, "tests", "reports");
        Directory.CreateDirectory(dir);
        var cells = Cells.Values.OrderBy(c => c.Pair, StringComparer.Ordinal).ThenBy(c => c.Scenario, StringComparer.Ordinal).ToList();
        File.WriteAllText(Path.Combine(dir, "chaos-matrix.json"), JsonSerializer.Serialize(cells, new JsonSerializerOptions { WriteIndented = true }));
        var md = Markdown(cells);
        File.WriteAllText(Path.Combine(dir, "chaos-matrix.md"), md);
        TestContext.Progress.WriteLine(md);
    }

    private static string Markdown(List<ChaosCell> cells)
    {
        var scenarios = cells.Select(c => c.Scenario).Distinct().ToList();
        var ordered = ChaosScenarios.All.Select(s => s.Name).Append(ToxicityTests.ScenarioName).Where(scenarios.Contains).ToList();
        var pairs = cells.Select(c => c.Pair).Distinct().ToList();
        var sb = new StringBuilder();
        var passed = cells.Count(c => c.Pass && !c.Skipped);
        var skipped = cells.Count(c => c.Skipped);
        sb.AppendLine("# Chaos matrix").AppendLine()
          .AppendLine($"{pairs.Count} pairs x {ordered.Count} scenarios: {passed} PASS, {cells.Count - passed - skipped} FAIL, {skipped} SKIP. " +
                      "Cells: PASS/FAIL and the observed outcome. (!) marks undetectable loss: the client exited 0 " +
                      "although the server got only a prefix, which this fire-and-forget protocol cannot notice. " +
                      "Each such scenario is followed by its `+receipt` column: the same fault with `--receipt` on both sides " +
                      "(DESIGN.md section 3a), where the server's receipt turns the loss into a detected failure; SKIP when a side lacks the option.").AppendLine();
        sb.AppendLine("| pair | " + string.Join(" | ", ordered) + " |");
        sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", ordered.Count)));
        sb.AppendLine("| *expected* | " + string.Join(" | ", ordered.Select(s => "*" + cells.First(c => c.Scenario == s).Expected + "*")) + " |");
        foreach (var p in pairs)
        {
            var row = ordered.Select(s => Cells.TryGetValue((p, s), out var c) ? c.Skipped ? $"SKIP ({c.Observed})" : $"{(c.Pass ? "PASS" : "FAIL")} {c.Observed}{(c.Flagged ? " (!)" : "")}" : "-");
            sb.AppendLine($"| {p} | {string.Join(" | ", row)} |");
        }

        Receipts(sb, cells);
        var failures = cells.Where(c => !c.Pass && !c.Skipped).ToList();
        if (failures.Count > 0)
        {
            sb.AppendLine().AppendLine("## Failures").AppendLine();
            foreach (var f in failures)
            {
                sb.AppendLine($"- {f.Pair} {f.Scenario}: expected {f.Expected}, observed {f.Observed}: {f.Detail}");
            }
        }

        return sb.ToString();
    }

    /// <summary>One line per undetectable-loss scenario: in how many pairs the loss went unnoticed, and in how many its +receipt twin detected it.</summary>
    private static void Receipts(StringBuilder sb, List<ChaosCell> cells)
    {
        var twins = ChaosScenarios.All.Where(s => s.Receipts).Select(s => (Lossy: s.Name[..^" +receipt".Length], Receipt: s.Name))
            .Where(t => cells.Any(c => c.Scenario == t.Receipt)).ToList();
        if (twins.Count == 0)
        {
            return;
        }

        sb.AppendLine().AppendLine("## Receipts column").AppendLine();
        foreach (var (lossy, receipt) in twins)
        {
            var silent = cells.Count(c => c.Scenario == lossy && c.Observed == nameof(Outcome.UndetectableLoss));
            var mine = cells.Where(c => c.Scenario == receipt).ToList();
            var detected = mine.Count(c => !c.Skipped && c.Observed == nameof(Outcome.DetectedFailure));
            sb.AppendLine($"- {lossy}: undetectable loss in {silent} pair(s) without receipts; with `--receipt` on both sides detected in {detected} of {mine.Count(c => !c.Skipped)} pair(s){(mine.Any(c => c.Skipped) ? $", {mine.Count(c => c.Skipped)} skipped (a side lacks the option)" : "")}.");
        }
    }
}
