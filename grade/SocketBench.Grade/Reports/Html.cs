using System.Net;

namespace SocketBench.Grade.Reports;

/// <summary>Shared bits of the self-contained HTML reports: escaping and one style sheet (no scripts, no links out).</summary>
internal static class Html
{
    public const string Style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f4f5f8}
        main{max-width:1100px;margin:0 auto;padding:24px}
        h1{font-size:26px;margin:0 0 4px} h2{font-size:20px;margin:28px 0 8px;border-bottom:2px solid #d8dce6;padding-bottom:4px}
        .meta{color:#5a6275;font-size:13px} .meta code{font-size:12px}
        .verdict{display:inline-block;font-weight:700;font-size:18px;padding:4px 14px;border-radius:6px;color:#fff;margin:8px 0}
        .v-pass{background:#1f8a4c} .v-fail{background:#c0392b} .v-skipped{background:#8a90a0}
        table.tiers{border-collapse:collapse;margin:10px 0 4px;background:#fff;box-shadow:0 1px 2px #0001}
        table.tiers td,table.tiers th{padding:6px 14px;border-bottom:1px solid #e4e7ee;text-align:left}
        .bar{width:160px;height:10px;background:#e6e8ee;border-radius:5px;overflow:hidden;display:inline-block;vertical-align:middle}
        .bar i{display:block;height:100%;background:#1f8a4c}
        .check{background:#fff;border-radius:6px;box-shadow:0 1px 2px #0001;margin:8px 0;padding:10px 14px;border-left:5px solid #8a90a0}
        .check.pass{border-left-color:#1f8a4c} .check.fail{border-left-color:#c0392b}
        .check h3{font-size:15px;margin:0;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
        .badge{font-size:11px;font-weight:700;padding:2px 7px;border-radius:4px;color:#fff}
        .b-pass{background:#1f8a4c} .b-fail{background:#c0392b} .b-skip{background:#8a90a0}
        .id{font-family:ui-monospace,Menlo,Consolas,monospace} .dur{color:#8a90a0;font-size:12px;margin-left:auto}
        .summary{margin:4px 0} blockquote{margin:6px 0;padding:2px 10px;border-left:3px solid #c9cede;color:#4a5166;font-style:italic;font-size:13px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0 0;font-size:13px}
        dt{color:#5a6275} dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
        .note{background:#fff8e1;border:1px solid #f0d98c;border-radius:6px;padding:6px 10px;margin:6px 0;font-size:13px}
        .failed{font-size:14px} .failed a{color:#c0392b;font-family:ui-monospace,Menlo,Consolas,monospace}
        .explain{font-size:13px;color:#4a5166;margin:4px 0 8px}
        table.class{border-collapse:collapse;background:#fff;font-size:12px}
        table.class th,table.class td{border:1px solid #e4e7ee;padding:3px 5px;text-align:center}
        main.wide{max-width:none}
        table.class{margin-top:8px}
        table.class th.group{font-size:12px;background:#eef0f5}
        table.class th.rot{height:150px;white-space:nowrap;vertical-align:bottom;padding:0;width:20px;max-width:20px}
        table.class th.rot div{writing-mode:vertical-rl;transform:rotate(180deg);margin:0 auto;font-weight:400;font-size:11px;font-family:ui-monospace,Menlo,Consolas,monospace}
        table.class td{min-width:16px}
        table.class td a{text-decoration:none;display:block;font-weight:700}
        td.c-pass{background:#e3f4ea} td.c-pass a{color:#1f8a4c} td.c-fail{background:#fbe4e1} td.c-fail a{color:#c0392b} td.c-skip a{color:#8a90a0}
        td.name{text-align:left;font-weight:600}
        """;

    public static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An anchor ID for a check.</summary>
    public static string Anchor(string checkId) => "check-" + checkId;

    public static string Page(string title, string body, bool wide = false) =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{E(title)}</title><style>{Style}</style></head>\n<body><main{(wide ? " class=\"wide\"" : "")}>\n{body}\n</main></body></html>\n";
}
