using System.Globalization;
using System.Text;
using SocketBench.Grade.Model;

namespace SocketBench.Grade.Reports;

/// <summary>card.md: the report card as Markdown (for a terminal, a pull request, or an LMS comment).</summary>
public static class CardMarkdown
{
    public static string Render(SubmissionResults r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Report card: {r.Submission}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Verdict: **{(r.SpecPassed ? "PASS" : "FAIL")}** (the spec tier decides; the other tiers are informational)\n\n");
        sb.Append("| tier | verdict | passed | failed | skipped |\n|---|---|---|---|---|\n");
        foreach (var t in r.Tiers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {TierId.Title(t.Id)} | {t.Verdict.ToUpperInvariant()} | {t.Passed} | {t.Failed} | {t.Skipped} |\n");
        }

        var failed = r.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => $"`{c.Id}`").ToList();
        if (failed.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nFailed: {string.Join(", ", failed)}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"\nServer: `{Present(r.Server)}`  \nClient: `{Present(r.Client)}`  \n");
        sb.Append(CultureInfo.InvariantCulture, $"Graded {r.StartedUtc} in {r.ElapsedMs / 1000.0:0.0} s{(r.Quick ? " with --quick" : "")} by grade {r.GraderVersion}\n");
        foreach (var note in r.Notes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n> {note}\n");
        }

        foreach (var tier in TierId.All)
        {
            var checks = r.Checks.Where(c => c.Tier == tier).ToList();
            if (checks.Count == 0)
            {
                continue;
            }

            sb.Append(CultureInfo.InvariantCulture, $"\n## {TierId.Title(tier)}\n");
            if (Explanation(tier) is { } why)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n{why}\n");
            }

            foreach (var c in checks)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n### {Mark(c.Status)} `{c.Id}` ({c.Side}, {c.DurationMs} ms)\n\n");
                sb.Append(CultureInfo.InvariantCulture, $"> {c.Spec}\n\n{c.Summary}\n");
                if (c.Evidence.Count > 0)
                {
                    sb.Append('\n');
                    foreach (var (k, v) in c.Evidence)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"- {k}: `{v.Replace("`", "'", StringComparison.Ordinal)}`\n");
                    }
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>What a tier means, for the card.</summary>
    public static string? Explanation(string tier) => tier switch
    {
        TierId.Faults => "The pair through our fault proxy. Outcomes: Delivered (every byte, exit 0), DetectedFailure (the client noticed and exited non-zero; what arrived is a prefix), UndetectableLoss (the client exited 0 but bytes were lost). Undetectable loss is the protocol's limit, not the student's: with one-way sends and no acknowledgement, a client cannot know what a peer that closed cleanly did with its bytes.",
        TierId.Beyond => "SocketBench's own extensions, detected and credited. Not having them is fine: this tier never fails the grade.",
        _ => null,
    };

    /// <summary>A status word as shown on cards.</summary>
    public static string Mark(string status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        _ => "SKIP",
    };

    private static string Present(ProgramInfo p) => p.Present ? p.Path : "(none)";
}
