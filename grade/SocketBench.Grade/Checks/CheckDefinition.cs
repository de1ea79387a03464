namespace SocketBench.Grade.Checks;

/// <summary>One check of the catalogue: what it is, which sentence it tests, and how it runs.</summary>
/// <param name="Id">The stable ID (GRADE-CONTRACT.md).</param>
/// <param name="Tier">spec, faults or beyond.</param>
/// <param name="Side">The program graded: server, client or both.</param>
/// <param name="Spec">The spec sentence quoted on the card.</param>
/// <param name="Run">The check itself; evidence goes into the probe.</param>
internal sealed record CheckDefinition(string Id, string Tier, string Side, string Spec, Func<Probe, CancellationToken, Task<CheckOutcome>> Run)
{
    /// <summary>Gets whether --quick runs it.</summary>
    public bool InQuick { get; init; } = true;

    /// <summary>Gets the most it may take; past it the check fails and its programs are killed.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>How a check ended, in one line.</summary>
internal sealed record CheckOutcome(string Status, string Summary)
{
    public static CheckOutcome Pass(string summary) => new(Model.CheckStatus.Pass, summary);

    public static CheckOutcome Fail(string summary) => new(Model.CheckStatus.Fail, summary);

    public static CheckOutcome Skip(string summary) => new(Model.CheckStatus.Skip, summary);

    /// <summary>Pass when <paramref name="ok"/>, else fail; each with its own line.</summary>
    public static CheckOutcome Verdict(bool ok, string pass, string fail) => ok ? Pass(pass) : Fail(fail);
}

/// <summary>What a running check can use: the context and an evidence sheet.</summary>
internal sealed class Probe(GradeContext context)
{
    public GradeContext Context { get; } = context;

    /// <summary>Gets evidence in the order it was added.</summary>
    public Dictionary<string, string> Evidence { get; } = [];

    /// <summary>Adds (or replaces) one evidence entry.</summary>
    public void Add(string key, string value) => Evidence[key] = value;

    /// <summary>Adds several entries.</summary>
    public void Add(IEnumerable<KeyValuePair<string, string>> entries)
    {
        foreach (var (k, v) in entries)
        {
            Evidence[k] = v;
        }
    }
}
