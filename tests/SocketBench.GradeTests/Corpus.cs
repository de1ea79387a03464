using SocketBench.Processes;

namespace SocketBench.GradeTests;

internal static class Corpus
{
    public static string Root => Path.Combine(RepoRoot.Path, "tests", "programs");

    /// <summary>Every directory of tests/programs with an expect.json (the hostile ones live under hostile/).</summary>
    public static IReadOnlyList<CorpusProgram> Programs =>
        [.. System.IO.Directory.EnumerateDirectories(Root)
            .Where(d => File.Exists(Path.Combine(d, "expect.json")))
            .Order(StringComparer.Ordinal)
            .Select(d => new CorpusProgram(Path.GetFileName(d), d))];

    public static CorpusProgram Get(string name) => new(name, Path.Combine(Root, name));
}
