using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Delays the close by <see cref="DelayMilliseconds"/>; data passes unchanged.</summary>
public sealed record SlowCloseToxic : ToxicSpec
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "slow_close";

    /// <summary>Delay before the close (wire <c>delay</c>).</summary>
    public long? DelayMilliseconds { get; init; }

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() => Wire(("delay", DelayMilliseconds));

    internal static SlowCloseToxic Read(ToxicInfo info) => new() { DelayMilliseconds = info.GetInt64("delay") };
}
