using SocketBench.Processes;

namespace SocketBench.GradeTests;

/// <summary>A program of the grading corpus (tests/programs/NAME: <c>server</c> and/or <c>client</c>, and expect.json).</summary>
/// <param name="Name">The directory's name.</param>
/// <param name="Directory">Its absolute path.</param>
internal sealed record CorpusProgram(string Name, string Directory)
{
    public bool HasServer => File.Exists(Path.Combine(Directory, "server"));

    public bool HasClient => File.Exists(Path.Combine(Directory, "client"));

    public Expectation Expect => Expectation.Load(Directory);

    /// <summary>Whether what it must fail needs the full tier (a check that --quick leaves out).</summary>
    public bool NeedsFullTier => Expect.MustFail.Any(SpecChecks.NotInQuick.Contains);

    public override string ToString() => Name;
}

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
