using System.Globalization;
using System.Text;
using SocketBench.Grade.Model;
using static SocketBench.Grade.Reports.Html;

namespace SocketBench.Grade.Reports;

/// <summary>card.html: one self-contained page (no scripts, no links out): verdict and score per tier at the top, then every check with its spec sentence and evidence.</summary>
public static class CardHtml
{
    public static string Render(SubmissionResults r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        var verdict = r.SpecPassed ? Verdict.Pass : Verdict.Fail;
        sb.Append(CultureInfo.InvariantCulture, $"<h1>Report card: {E(r.Submission)}</h1>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"verdict v-{verdict}\">{(r.SpecPassed ? "PASS" : "FAIL")}</div> <span class=\"meta\">the spec tier decides; the other tiers are informational</span>\n");
        sb.Append("<table class=\"tiers\"><tr><th>tier</th><th>verdict</th><th>score</th><th>passed</th><th>failed</th><th>skipped</th></tr>\n");
        foreach (var t in r.Tiers)
        {
            var run = t.Passed + t.Failed;
            var pct = run == 0 ? 0 : 100 * t.Passed / run;
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(TierId.Title(t.Id))}</td><td><span class=\"badge b-{(t.Verdict == Verdict.Skipped ? "skip" : t.Verdict)}\">{t.Verdict.ToUpperInvariant()}</span></td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{(run == 0 ? "&ndash;" : $"<span class=\"bar\"><i style=\"width:{pct}%\"></i></span> {t.Passed}/{run}")}</td><td>{t.Passed}</td><td>{t.Failed}</td><td>{t.Skipped}</td></tr>\n");
        }

        sb.Append("</table>\n");
        var failed = r.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
        if (failed.Count > 0)
        {
            sb.Append("<p class=\"failed\">Failed: ");
            sb.Append(string.Join(", ", failed.Select(c => $"<a href=\"#{Anchor(c.Id)}\">{E(c.Id)}</a>")));
            sb.Append("</p>\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">server: <code>{E(Present(r.Server))}</code><br>client: <code>{E(Present(r.Client))}</code><br>graded {E(r.StartedUtc)} in {r.ElapsedMs / 1000.0:0.0} s{(r.Quick ? " with --quick" : "")} by grade {E(r.GraderVersion)}</p>\n");
        foreach (var note in r.Notes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"note\">{E(note)}</div>\n");
        }

        foreach (var tier in TierId.All)
        {
            AppendTier(sb, tier, r.Checks.Where(c => c.Tier == tier).ToList());
        }

        return Page($"Report card: {r.Submission}", sb.ToString());
    }

    private static void AppendTier(StringBuilder sb, string tier, List<CheckResult> checks)
    {
        if (checks.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"<h2>{E(TierId.Title(tier))}</h2>\n");
        if (CardMarkdown.Explanation(tier) is { } why)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"explain\">{E(why)}</p>\n");
        }

        foreach (var c in checks)
        {
            var status = c.Status;
            sb.Append(CultureInfo.InvariantCulture, $"<section class=\"check {status}\" id=\"{Anchor(c.Id)}\"><h3><span class=\"badge b-{status}\">{CardMarkdown.Mark(status)}</span><span class=\"id\">{E(c.Id)}</span><span>{E(c.Side)}</span><span class=\"dur\">{c.DurationMs} ms</span></h3>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"summary\">{E(c.Summary)}</p><blockquote>{E(c.Spec)}</blockquote>\n");
            if (c.Evidence.Count > 0)
            {
                sb.Append("<dl>");
                foreach (var (k, v) in c.Evidence)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<dt>{E(k)}</dt><dd>{E(v)}</dd>");
                }

                sb.Append("</dl>\n");
            }

            sb.Append("</section>\n");
        }
    }

    private static string Present(ProgramInfo p) => p.Present ? p.Path : "(none)";
}
