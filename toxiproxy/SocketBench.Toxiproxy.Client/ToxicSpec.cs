namespace SocketBench.Toxiproxy.Client;

/// <summary>Which way a toxic acts.</summary>
public enum ToxicStream
{
    /// <summary>Server to client (the default).</summary>
    Downstream,

    /// <summary>Client to server.</summary>
    Upstream,
}

/// <summary>
/// A toxic to add or update. One subclass per toxic type; properties carry units in their names and
/// map to Toxiproxy's wire attributes (e.g. <see cref="SlicerToxic.DelayMicroseconds"/> → <c>delay</c>).
/// </summary>
public abstract record ToxicSpec
{
    /// <summary>Name; null lets the server choose <c>&lt;type&gt;_&lt;stream&gt;</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Direction.</summary>
    public ToxicStream Stream { get; init; } = ToxicStream.Downstream;

    /// <summary>Probability, decided per connection and direction, that the toxic applies.</summary>
    public float Toxicity { get; init; } = 1f;

    /// <summary>Wire type name.</summary>
    public abstract string Type { get; }

    /// <summary>Attributes by wire name.</summary>
    public abstract IReadOnlyDictionary<string, long> Attributes();

    internal ToxicRequest ToRequest(bool forUpdate) => new()
    {
        Name = forUpdate ? null : Name,
        Type = forUpdate ? null : Type,
        Stream = forUpdate ? null : (Stream == ToxicStream.Upstream ? "upstream" : "downstream"),
        Toxicity = Toxicity,
        Attributes = new Dictionary<string, long>(Attributes()),
    };
}
