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
}

/// <summary>A toxic as the server reports it.</summary>
public sealed class ToxicInfo
{
    /// <summary>Name, unique within the proxy.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>Wire type, e.g. <c>latency</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    /// <summary>Stream exactly as it was sent (<c>upstream</c>, <c>downstream</c>, or e.g. <c>UpStream</c>).</summary>
    [JsonPropertyName("stream")]
    public string Stream { get; init; } = string.Empty;

    /// <summary>Probability per link.</summary>
    [JsonPropertyName("toxicity")]
    public float Toxicity { get; init; }

    /// <summary>Attributes by wire name, all of the type's, defaults included.</summary>
    [JsonPropertyName("attributes")]
    public Dictionary<string, long> Attributes { get; init; } = [];
}

/// <summary>Body of POST /proxies, PATCH /proxies/{name} and /populate items.</summary>
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
}

/// <summary>Body of POST /proxies/{name}/toxics and of toxic updates.</summary>
internal sealed class ToxicRequest
{
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    [JsonPropertyName("stream")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Stream { get; init; }

    [JsonPropertyName("toxicity")]
    public float Toxicity { get; init; } = 1;

    [JsonPropertyName("attributes")]
    public Dictionary<string, long> Attributes { get; init; } = [];
}

/// <summary>The /populate response.</summary>
internal sealed class PopulateResponse
{
    [JsonPropertyName("proxies")]
    public List<ProxyInfo>? Proxies { get; init; }
}

/// <summary>An error body: <c>{"error":…,"status":…}</c>.</summary>
internal sealed class ErrorResponse
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Source-generated serializers (AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ProxyInfo))]
[JsonSerializable(typeof(ToxicInfo))]
[JsonSerializable(typeof(List<ToxicInfo>))]
[JsonSerializable(typeof(Dictionary<string, ProxyInfo>))]
[JsonSerializable(typeof(ProxyRequest))]
[JsonSerializable(typeof(List<ProxyRequest>))]
[JsonSerializable(typeof(ToxicRequest))]
[JsonSerializable(typeof(PopulateResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(VersionResponse))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

/// <summary>The /version body.</summary>
internal sealed class VersionResponse
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }
}
