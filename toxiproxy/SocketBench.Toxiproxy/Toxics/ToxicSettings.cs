using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy.Toxics;

/// <summary>The immutable settings of a toxic, as the API stores and reports them.</summary>
/// <param name="Name">Unique within the proxy, across both streams.</param>
/// <param name="Type">The wire type, e.g. <c>latency</c>.</param>
/// <param name="Stream">The stream string exactly as sent (echoed verbatim).</param>
/// <param name="Direction">The parsed stream.</param>
/// <param name="Toxicity">Probability, decided per link, that the toxic applies.</param>
/// <param name="Attributes">Attribute values in the order of the type's <see cref="ToxicDefinition.Attributes"/>.</param>
internal sealed record ToxicSettings(
    string Name, string Type, string Stream, Direction Direction, float Toxicity, IReadOnlyList<long> Attributes);
