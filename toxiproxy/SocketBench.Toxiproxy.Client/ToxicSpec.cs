using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>
/// A toxic to add, or the changes to make to one. One subclass per toxic type; properties carry units in
/// their names and map to Toxiproxy's wire attributes (e.g. <see cref="SlicerToxic.DelayMicroseconds"/> →
/// <c>delay</c>). Every attribute and <see cref="Toxicity"/> is optional: left unset it is not sent, so
/// the server applies its default on add and keeps the current value on update.
/// </summary>
public abstract record ToxicSpec
{
    private protected ToxicSpec()
    {
    }

    /// <summary>Name; null lets the server choose <c>&lt;type&gt;_&lt;stream&gt;</c>. Ignored by updates.</summary>
    public string? Name { get; init; }

    /// <summary>Direction. Ignored by updates (a toxic never changes direction).</summary>
    public ToxicStream Stream { get; init; } = ToxicStream.Downstream;

    /// <summary>Probability, decided per connection and direction, that the toxic applies.</summary>
    /// <value>Null (default): 1 on add, unchanged on update.</value>
    public float? Toxicity { get; init; }

    /// <summary>Wire type name, e.g. <c>latency</c>.</summary>
    public abstract string Type { get; }

    /// <summary>The attributes this spec sets, by wire name (unset ones are left out).</summary>
    internal abstract IReadOnlyDictionary<string, JsonElement> WireAttributes();

    /// <summary>The typed spec for a toxic the server reported; <see cref="CustomToxic"/> for types this client does not know.</summary>
    internal static ToxicSpec FromInfo(ToxicInfo info)
    {
        ToxicSpec typed = info.Type switch
        {
            LatencyToxic.TypeName => LatencyToxic.Read(info),
            BandwidthToxic.TypeName => BandwidthToxic.Read(info),
            SlowCloseToxic.TypeName => SlowCloseToxic.Read(info),
            TimeoutToxic.TypeName => TimeoutToxic.Read(info),
            ResetPeerToxic.TypeName => ResetPeerToxic.Read(info),
            SlicerToxic.TypeName => SlicerToxic.Read(info),
            LimitDataToxic.TypeName => LimitDataToxic.Read(info),
            NoopToxic.TypeName => new NoopToxic(),
            _ => new CustomToxic(info.Type) { AttributeValues = new Dictionary<string, JsonElement>(info.Attributes) },
        };
        return typed with { Name = info.Name, Stream = info.Direction, Toxicity = info.Toxicity };
    }

    /// <summary>Builds the wire attributes from (name, value) pairs, leaving out unset values.</summary>
    private protected static IReadOnlyDictionary<string, JsonElement> Wire(params ReadOnlySpan<(string Name, long? Value)> attributes)
    {
        var wire = new Dictionary<string, JsonElement>(attributes.Length);
        foreach (var (name, value) in attributes)
        {
            if (value is { } v)
            {
                wire[name] = JsonValues.Of(v);
            }
        }

        return wire;
    }

    internal ToxicRequest ToRequest(bool forUpdate) => new()
    {
        Name = forUpdate ? null : Name,
        Type = forUpdate ? null : Type,
        Stream = forUpdate ? null : StreamName(Stream),
        Toxicity = Toxicity,
        Attributes = new Dictionary<string, JsonElement>(WireAttributes()),
    };

    internal static string StreamName(ToxicStream stream) => stream == ToxicStream.Upstream ? "upstream" : "downstream";
}
