using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Api;

/// <summary>The <c>/populate</c> response, success or failure.</summary>
internal sealed class PopulateBody
{
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Status { get; init; }

    [JsonPropertyName("proxies")]
    public List<ProxyBody>? Proxies { get; init; }
}
