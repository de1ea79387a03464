namespace SocketBench.Load.Reporting;

/// <summary>Writes every report of a run into one folder and returns the paths written.</summary>
internal static class ReportWriter
{
    public const string Markdown = "report.md";
    public const string Html = "report.html";
    public const string StatsCsv = "stats.csv";
    public const string TimelineCsv = "timeline.csv";
    public const string Png = "latency.png";

    public static IReadOnlyList<string> WriteAll(RunResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var png = Path.Combine(folder, Png);
        byte[]? pngBytes = null;
        try
        {
            LatencyPlot.Save(result, png);
            pngBytes = File.ReadAllBytes(png);
            files.Add(png);
        }
#pragma warning disable CA1031 // a plotting failure (fonts, native library) must not lose the text reports
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"load: latency plot not written: {ex.GetType().Name}: {ex.Message}");
        }

        files.Add(Write(folder, Markdown, MarkdownReport.Render(result, pngBytes is not null ? Png : null)));
        files.Add(Write(folder, Html, HtmlReport.Render(result, pngBytes)));
        files.Add(Write(folder, StatsCsv, CsvReport.Stats(result)));
        files.Add(Write(folder, TimelineCsv, CsvReport.Timeline(result)));
        return files;
    }

    private static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
