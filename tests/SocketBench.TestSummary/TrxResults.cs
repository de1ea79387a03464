using System.Xml.Linq;

namespace SocketBench.TestSummary;

/// <summary>Reads the results of every TRX file in a directory (VSTest's XML schema, namespace-qualified).</summary>
public static class TrxResults
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static IReadOnlyList<TestResult> Read(string directory) =>
        Directory.EnumerateFiles(directory, "*.trx", SearchOption.AllDirectories).SelectMany(ReadFile).ToList();

    private static IEnumerable<TestResult> ReadFile(string path)
    {
        var doc = XDocument.Load(path);
        var storage = doc.Descendants(Ns + "UnitTest")
            .ToDictionary(t => (string?)t.Attribute("id") ?? "", t => Path.GetFileNameWithoutExtension((string?)t.Attribute("storage") ?? "?"), StringComparer.OrdinalIgnoreCase);
        foreach (var r in doc.Descendants(Ns + "UnitTestResult"))
        {
            var project = storage.GetValueOrDefault((string?)r.Attribute("testId") ?? "", "?");
            var message = (string?)r.Element(Ns + "Output")?.Element(Ns + "ErrorInfo")?.Element(Ns + "Message") ?? "";
            yield return new TestResult(project, (string?)r.Attribute("testName") ?? "?", (string?)r.Attribute("outcome") ?? "?", message.Trim());
        }
    }
}
