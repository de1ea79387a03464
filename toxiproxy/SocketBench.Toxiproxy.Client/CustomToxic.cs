using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>
/// A toxic of a type this client has no class for (a server's own toxic), with attributes of any JSON
/// type. Listing a proxy that carries one never throws: it reads back as this.
/// </summary>
/// <param name="TypeName">The wire type, e.g. <c>packet_loss</c>.</param>
public sealed record CustomToxic(string TypeName) : ToxicSpec
{
    /// <summary>Attributes by wire name, sent as given.</summary>
    public IReadOnlyDictionary<string, JsonElement> AttributeValues { get; init; } = new Dictionary<string, JsonElement>();

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() => AttributeValues;
}
