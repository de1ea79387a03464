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
