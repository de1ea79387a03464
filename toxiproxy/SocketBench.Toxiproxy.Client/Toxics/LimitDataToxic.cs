using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Closes the connection once <see cref="Bytes"/> bytes have passed in this direction.</summary>
public sealed record LimitDataToxic : ToxicSpec
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "limit_data";

    /// <summary>Byte budget per connection (wire <c>bytes</c>).</summary>
    public long? Bytes { get; init; }

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() => Wire(("bytes", Bytes));

    internal static LimitDataToxic Read(ToxicInfo info) => new() { Bytes = info.GetInt64("bytes") };
}
