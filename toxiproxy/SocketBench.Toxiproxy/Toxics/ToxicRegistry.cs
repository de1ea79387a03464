using System.Collections.Frozen;

namespace SocketBench.Toxiproxy.Toxics;

/// <summary>Everything the API needs to know about one toxic type.</summary>
/// <param name="Type">Wire name, case-sensitive.</param>
/// <param name="GoStruct">Toxiproxy's struct name, used in Go-compatible decode errors.</param>
/// <param name="Attributes">Attributes in the order they are emitted.</param>
/// <param name="Create">Factory for validated settings.</param>
/// <param name="Validate">Returns an error message for values that would break the toxic, or null.</param>
internal sealed record ToxicDefinition(
    string Type,
    string GoStruct,
    IReadOnlyList<ToxicAttribute> Attributes,
    Func<ToxicSettings, Toxic> Create,
    Func<IReadOnlyList<long>, string?>? Validate = null);

/// <summary>
/// Static table from wire name to toxic definition (Toxiproxy's <c>toxics.Register</c>, without reflection).
/// </summary>
internal static class ToxicRegistry
{
    private static readonly FrozenDictionary<string, ToxicDefinition> Definitions = new[]
    {
        NoopToxic.Definition,
        LatencyToxic.Definition,
        BandwidthToxic.Definition,
        SlowCloseToxic.Definition,
        TimeoutToxic.Definition,
        ResetPeerToxic.Definition,
        SlicerToxic.Definition,
        LimitDataToxic.Definition,
    }.ToFrozenDictionary(d => d.Type, StringComparer.Ordinal);

    /// <summary>All known type names.</summary>
    public static IEnumerable<string> Types => Definitions.Keys;

    /// <summary>Finds a definition by its case-sensitive wire name.</summary>
    public static bool TryGet(string type, out ToxicDefinition definition) =>
        Definitions.TryGetValue(type, out definition!);
}
