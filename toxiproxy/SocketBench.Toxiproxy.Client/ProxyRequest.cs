using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Body of POST /proxies, PATCH /proxies/{name} and /populate items; unset fields are left out.</summary>
internal sealed class ProxyRequest
{
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonPropertyName("listen")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Listen { get; init; }

    [JsonPropertyName("upstream")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Upstream { get; init; }

    [JsonPropertyName("enabled")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Enabled { get; init; }

    [JsonPropertyName("toxics")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ToxicRequest>? Toxics { get; init; }

    [JsonPropertyName("half_close")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? HalfClose { get; init; }
}
