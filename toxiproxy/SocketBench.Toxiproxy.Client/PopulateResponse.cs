using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Client;

/// <summary>The /populate response.</summary>
internal sealed class PopulateResponse
{
    [JsonPropertyName("proxies")]
    public List<ProxyInfo>? Proxies { get; init; }
}
