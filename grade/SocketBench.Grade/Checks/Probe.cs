namespace SocketBench.Grade.Checks;

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
