using System.Text.RegularExpressions;

namespace SocketBench.TestSummary;

/// <summary>The test projects of a solution: its .csproj entries that set IsTestProject to true.</summary>
public static partial class TestProjects
{
    public static IReadOnlyList<string> InSolution(string solution)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(solution))!;
        return ProjectPath().Matches(File.ReadAllText(solution))
            .Select(m => Path.Combine(root, m.Groups[1].Value.Replace('\\', '/')))
            .Where(p => File.Exists(p) && File.ReadAllText(p).Contains("<IsTestProject>true</IsTestProject>", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex("\"([^\"]+\\.csproj)\"")]
    private static partial Regex ProjectPath();
}
