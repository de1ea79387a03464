using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Delays each chunk by <see cref="LatencyMilliseconds"/> ± <see cref="JitterMilliseconds"/>.</summary>
public sealed record LatencyToxic : ToxicSpec
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "latency";

    /// <summary>Base delay (wire <c>latency</c>).</summary>
    public long? LatencyMilliseconds { get; init; }

    /// <summary>Uniform jitter bound (wire <c>jitter</c>).</summary>
    public long? JitterMilliseconds { get; init; }

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() =>
        Wire(("latency", LatencyMilliseconds), ("jitter", JitterMilliseconds));

    internal static LatencyToxic Read(ToxicInfo info) =>
        new() { LatencyMilliseconds = info.GetInt64("latency"), JitterMilliseconds = info.GetInt64("jitter") };
}
