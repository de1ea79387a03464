namespace SocketBench.Toxiproxy.Client;

/// <summary>Passes everything through; useful to probe live toxic changes.</summary>
public sealed record NoopToxic : ToxicSpec
{
    /// <inheritdoc />
    public override string Type => "noop";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, long> Attributes() => new Dictionary<string, long>();
}
