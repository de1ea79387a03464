namespace SocketBench.Toxiproxy.Client;

/// <summary>Closes the connection once <see cref="Bytes"/> bytes have passed in this direction.</summary>
public sealed record LimitDataToxic : ToxicSpec
{
    /// <summary>Byte budget per connection (wire <c>bytes</c>).</summary>
    public long Bytes { get; init; }

    /// <inheritdoc />
    public override string Type => "limit_data";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, long> Attributes() =>
        new Dictionary<string, long> { ["bytes"] = Bytes };
}
