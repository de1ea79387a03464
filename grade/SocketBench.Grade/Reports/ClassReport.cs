using System.Globalization;
using System.Text;
using SocketBench.Grade.Model;
using static SocketBench.Grade.Reports.Html;

namespace SocketBench.Grade.Reports;

/// <summary>The class summary: a row per submission, a column per check, each cell linking to that submission's card.</summary>
public static class ClassReport
{
    /// <summary>Builds the summary from results and where each card is relative to the summary's folder.</summary>
    public static ClassSummary Build(IEnumerable<(SubmissionResults Results, string CardPath)> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        return new ClassSummary
        {
            Submissions = [.. cards.OrderBy(c => c.Results.Submission, StringComparer.Ordinal).Select(c => new SummaryRow
            {
                Submission = c.Results.Submission,
                Card = c.CardPath,
                Tiers = c.Results.Tiers,
                Checks = c.Results.Checks.ToDictionary(k => k.Id, k => k.Status),
            })],
        };
    }

    /// <summary>Check IDs in first-seen order over every row.</summary>
    public static List<string> Columns(ClassSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return [.. summary.Submissions.SelectMany(s => s.Checks.Keys).Distinct()];
    }

    public static string Markdown(ClassSummary summary)
    {
        var columns = Columns(summary);
        var sb = new StringBuilder("# Class summary\n\n");
        sb.Append("| submission | spec | faults | beyond | failed checks |\n|---|---|---|---|---|\n");
        foreach (var row in summary.Submissions)
        {
            var failed = columns.Where(c => row.Checks.GetValueOrDefault(c) == CheckStatus.Fail).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"| [{row.Submission}]({row.Card.Replace(".html", ".md", StringComparison.Ordinal)}) | {Tier(row, TierId.Spec)} | {Tier(row, TierId.Faults)} | {Tier(row, TierId.Beyond)} | {(failed.Count == 0 ? "-" : string.Join(", ", failed))} |\n");
        }

        return sb.ToString();
    }

    public static string Html(ClassSummary summary)
    {
        var columns = Columns(summary);
        var groups = columns.GroupBy(Group).Select(g => (Name: g.Key, Count: g.Count())).ToList();
        var sb = new StringBuilder("<h1>Class summary</h1>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{summary.Submissions.Count} submissions; {summary.Submissions.Count(s => Tier(s, TierId.Spec) == "PASS")} pass the spec tier. Each cell links to that check on the submission's card (\u2713 pass, \u2717 fail, \u2013 skipped).</p>\n");
        sb.Append("<table class=\"class\"><tr><th rowspan=\"2\">submission</th><th rowspan=\"2\">spec</th><th rowspan=\"2\">faults</th><th rowspan=\"2\">beyond</th>");
        foreach (var (name, count) in groups)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<th class=\"group\" colspan=\"{count}\">{E(name)}</th>");
        }

        sb.Append("</tr>\n<tr>");
        foreach (var c in columns)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<th class=\"rot\" title=\"{E(c)}\"><div>{E(Label(c))}</div></th>");
        }

        sb.Append("</tr>\n");
        foreach (var row in summary.Submissions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"name\"><a href=\"{E(row.Card)}\">{E(row.Submission)}</a></td>");
            foreach (var tier in TierId.All)
            {
                var t = Tier(row, tier);
                sb.Append(CultureInfo.InvariantCulture, $"<td class=\"c-{(t == "PASS" ? "pass" : t == "FAIL" ? "fail" : "skip")}\">{t}</td>");
            }

            foreach (var c in columns)
            {
                var status = row.Checks.GetValueOrDefault(c) ?? CheckStatus.Skip;
                var mark = status switch { CheckStatus.Pass => "\u2713", CheckStatus.Fail => "\u2717", _ => "\u2013" };
                sb.Append(CultureInfo.InvariantCulture, $"<td class=\"c-{status}\"><a href=\"{E(row.Card)}#{Anchor(c)}\" title=\"{E(row.Submission)}: {E(c)} {status}\">{mark}</a></td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
        return Page("Class summary", sb.ToString(), wide: true);
    }

    /// <summary>The column group of a check: its ID's first word (server, client, fault, beyond).</summary>
    private static string Group(string checkId) => checkId.Split('-')[0];

    /// <summary>The column label: the ID without its group word.</summary>
    private static string Label(string checkId) => checkId.Contains('-', StringComparison.Ordinal) ? checkId[(checkId.IndexOf('-', StringComparison.Ordinal) + 1)..] : checkId;

    private static string Tier(SummaryRow row, string id) =>
        row.Tiers.FirstOrDefault(t => t.Id == id)?.Verdict switch
        {
            Verdict.Pass => "PASS",
            Verdict.Fail => "FAIL",
            _ => "-",
        };
}
