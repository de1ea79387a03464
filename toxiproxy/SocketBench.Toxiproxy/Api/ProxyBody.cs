using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Api;

/// <summary>A proxy as the API reports it (field order as Toxiproxy emits it).</summary>
internal sealed class ProxyBody
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("listen")]
    public required string Listen { get; init; }

    [JsonPropertyName("upstream")]
    public required string Upstream { get; init; }

    [JsonPropertyName("enabled")]
    public required bool Enabled { get; init; }

    [JsonPropertyName("Logger")]
    public EmptyObject Logger { get; init; } = EmptyObject.Instance;

    [JsonPropertyName("toxics")]
    public required List<ToxicBody> Toxics { get; init; }

    /// <summary>Extension, emitted only when false (Toxiproxy's behaviour kept for this proxy).</summary>
    [JsonPropertyName("half_close")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? HalfClose { get; init; }
}
