namespace SocketBench.Toxiproxy.Client;

/// <summary>Delays each chunk by <see cref="LatencyMilliseconds"/> ± <see cref="JitterMilliseconds"/>.</summary>
public sealed record LatencyToxic : ToxicSpec
{
    /// <summary>Base delay (wire <c>latency</c>).</summary>
    public long LatencyMilliseconds { get; init; }

    /// <summary>Uniform jitter bound (wire <c>jitter</c>).</summary>
    public long JitterMilliseconds { get; init; }

    /// <inheritdoc />
    public override string Type => "latency";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, long> Attributes() =>
        new Dictionary<string, long> { ["latency"] = LatencyMilliseconds, ["jitter"] = JitterMilliseconds };
}
