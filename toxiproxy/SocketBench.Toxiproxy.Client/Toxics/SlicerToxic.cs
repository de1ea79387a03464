using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Cuts data into pieces of about <see cref="AverageSizeBytes"/>, pausing between them.</summary>
public sealed record SlicerToxic : ToxicSpec
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "slicer";

    /// <summary>Mean piece size (wire <c>average_size</c>), at least 1.</summary>
    public long? AverageSizeBytes { get; init; }

    /// <summary>Deviation bound (wire <c>size_variation</c>), at most <see cref="AverageSizeBytes"/>.</summary>
    public long? SizeVariationBytes { get; init; }

    /// <summary>Pause after each piece (wire <c>delay</c>, microseconds).</summary>
    public long? DelayMicroseconds { get; init; }

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() =>
        Wire(("average_size", AverageSizeBytes), ("size_variation", SizeVariationBytes), ("delay", DelayMicroseconds));

    internal static SlicerToxic Read(ToxicInfo info) => new()
    {
        AverageSizeBytes = info.GetInt64("average_size"),
        SizeVariationBytes = info.GetInt64("size_variation"),
        DelayMicroseconds = info.GetInt64("delay"),
    };
}
