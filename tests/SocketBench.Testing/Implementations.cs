using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>The implementations under test, from <c>IMPLS</c> (default <c>csharp,c,python</c>).</summary>
public static class Implementations
{
    public const string DefaultImpls = "csharp,c,python";

    /// <summary>Every selected implementation, in the order given.</summary>
    public static IReadOnlyList<Implementation> Selected { get; } = Parse(Environment.GetEnvironmentVariable("IMPLS"));

    /// <summary>The C# implementation (bin/csharp), whatever IMPLS says.</summary>
    public static Implementation CSharp { get; } = new("csharp", RepoRoot.Bin("csharp"));

    /// <summary>
    /// The spec-only pair checked in under tests/SocketBench.ConformanceTests/SpecOnly: a Python
    /// server and client that follow the seed spec and nothing more, proving the suites grade such
    /// programs (spec checks asserted, extension checks skipped with a reason).
    /// </summary>
    public static Implementation SpecOnly { get; } = new("spec-only", Path.Combine(RepoRoot.Path, "tests", "SocketBench.ConformanceTests", "SpecOnly"));

    /// <summary>The selected implementations plus, when IMPLS is not set, the spec-only pair: what the per-program contract tests run.</summary>
    public static IReadOnlyList<Implementation> WithSpecOnly { get; } =
        IncludeSpecOnly ? [.. Selected, SpecOnly] : Selected;

    /// <summary>Every client x every server.</summary>
    public static IEnumerable<(Implementation Client, Implementation Server)> Pairs =>
        from c in Selected from s in Selected select (c, s);

    /// <summary><see cref="Pairs"/> plus, when IMPLS is not set, the spec-only pair with itself and with C# on either side.</summary>
    public static IEnumerable<(Implementation Client, Implementation Server)> PairsWithSpecOnly =>
        IncludeSpecOnly ? Pairs.Concat([(SpecOnly, SpecOnly), (SpecOnly, CSharp), (CSharp, SpecOnly)]) : Pairs;

    private static bool IncludeSpecOnly => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("IMPLS"));

    /// <summary>Parses a comma list of names under bin/ or directory paths.</summary>
    /// <exception cref="InvalidOperationException">The list names no implementation (so no test would run).</exception>
    public static IReadOnlyList<Implementation> Parse(string? impls)
    {
        var names = string.IsNullOrWhiteSpace(impls) ? DefaultImpls : impls;
        var parsed = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.Contains('/', StringComparison.Ordinal)
                ? new Implementation(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(n))), Path.GetFullPath(n))
                : new Implementation(n, RepoRoot.Bin(n)))
            .ToList();
        return parsed.Count > 0 ? parsed : throw new InvalidOperationException($"IMPLS='{impls}' names no implementation");
    }
}
