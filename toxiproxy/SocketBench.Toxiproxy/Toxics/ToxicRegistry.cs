using System.Collections.Frozen;

namespace SocketBench.Toxiproxy.Toxics;

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
