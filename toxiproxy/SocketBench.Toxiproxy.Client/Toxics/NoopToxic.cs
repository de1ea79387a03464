using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Passes everything through; useful to probe live toxic changes.</summary>
public sealed record NoopToxic : ToxicSpec
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "noop";

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() => Wire();
}
