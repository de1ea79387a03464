using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Client;

/// <summary>A proxy as the server reports it.</summary>
public sealed class ProxyInfo
{
    /// <summary>Unique name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>Bound address while enabled (e.g. <c>127.0.0.1:41234</c>), the given string otherwise.</summary>
    [JsonPropertyName("listen")]
    public string Listen { get; init; } = string.Empty;

    /// <summary>Upstream <c>host:port</c>.</summary>
    [JsonPropertyName("upstream")]
    public string Upstream { get; init; } = string.Empty;

    /// <summary>True while listening.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    /// <summary>Toxics, upstream first.</summary>
    [JsonPropertyName("toxics")]
    public List<ToxicInfo> Toxics { get; init; } = [];

    /// <summary>
    /// Whether a client's half-close is passed through (our server's extension). Our server reports
    /// <c>false</c> only for a proxy set to Toxiproxy's behaviour (a half-close ends the connection) and
    /// leaves the field out otherwise; a real Toxiproxy never sends it. Null therefore means "passed
    /// through" on our server and "ends the connection" on a real Toxiproxy.
    /// </summary>
    [JsonPropertyName("half_close")]
    public bool? HalfClose { get; init; }
}
