using System.Text.Json;

namespace SocketBench.GradeTests;

/// <summary>A corpus program's expect.json: the spec checks it must fail and those it may also fail.</summary>
/// <param name="MustFail">Checks aimed at its defect.</param>
/// <param name="MayFail">Checks its defect necessarily touches too; an entry ending in * is a prefix.</param>
/// <param name="Note">The defect, and why each may_fail entry is there.</param>
internal sealed record Expectation(IReadOnlyList<string> MustFail, IReadOnlyList<string> MayFail, string Note)
{
    public static Expectation Load(string directory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expect.json")));
        var root = doc.RootElement;
        return new Expectation(Strings(root, "must_fail"), Strings(root, "may_fail"), root.GetProperty("note").GetString() ?? "");
    }

    /// <summary>True when a failure of <paramref name="id"/> is allowed.</summary>
    public bool Allows(string id) =>
        MustFail.Contains(id, StringComparer.Ordinal) || MayFail.Any(p => Matches(p, id));

    public static bool Matches(string pattern, string id) =>
        pattern.EndsWith('*') ? id.StartsWith(pattern[..^1], StringComparison.Ordinal) : id == pattern;

    private static List<string> Strings(JsonElement root, string name) =>
        [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? "")];
}
