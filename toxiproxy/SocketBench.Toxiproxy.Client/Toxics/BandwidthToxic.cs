using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Limits a direction to <see cref="RateKilobytesPerSecond"/> (KB = 1000 bytes); 0 stalls it.</summary>
public sealed record BandwidthToxic : ToxicSpec
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "bandwidth";

    /// <summary>Rate (wire <c>rate</c>).</summary>
    public long? RateKilobytesPerSecond { get; init; }

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() => Wire(("rate", RateKilobytesPerSecond));

    internal static BandwidthToxic Read(ToxicInfo info) => new() { RateKilobytesPerSecond = info.GetInt64("rate") };
}
