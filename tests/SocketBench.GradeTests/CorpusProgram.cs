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
