namespace SocketBench.Toxiproxy.Client;

/// <summary>Limits a direction to <see cref="RateKilobytesPerSecond"/> (KB = 1000 bytes); 0 stalls it.</summary>
public sealed record BandwidthToxic : ToxicSpec
{
    /// <summary>Rate (wire <c>rate</c>).</summary>
    public long RateKilobytesPerSecond { get; init; }

    /// <inheritdoc />
    public override string Type => "bandwidth";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, long> Attributes() =>
        new Dictionary<string, long> { ["rate"] = RateKilobytesPerSecond };
}
