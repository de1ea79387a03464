namespace SocketBench.TestSummary;

/// <summary>
/// Skip reasons that do not fail a run: one substring a line in tests/skip-allowlist.txt
/// (# starts a comment). A skipped test whose message contains none of them fails CI.
/// </summary>
public sealed record AllowList(IReadOnlyList<string> Reasons)
{
    public static AllowList Load(string path) =>
        new(File.Exists(path)
            ? File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
            : throw new FileNotFoundException($"{path}: skip allow-list not found", path));

    /// <summary>The allowed reason <paramref name="message"/> matches, or null.</summary>
    public string? Match(string message) => Reasons.FirstOrDefault(r => message.Contains(r, StringComparison.Ordinal));
}
