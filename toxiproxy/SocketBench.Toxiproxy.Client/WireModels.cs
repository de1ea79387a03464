using System.Text.Json;
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

/// <summary>
/// A toxic as the server reports it. <see cref="Attributes"/> holds every attribute as raw JSON (a float
/// or a string from another server never throws); <see cref="GetInt64"/>, <see cref="ToSpec"/> and
/// <see cref="As{T}"/> read them typed.
/// </summary>
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

    /// <summary>Attributes by wire name, all of the type's, defaults included, as raw JSON values.</summary>
    [JsonPropertyName("attributes")]
    public Dictionary<string, JsonElement> Attributes { get; init; } = [];

    /// <summary><see cref="Stream"/> parsed (case-insensitive; anything but <c>upstream</c> is downstream, as the server).</summary>
    [JsonIgnore]
    public ToxicStream Direction =>
        string.Equals(Stream, "upstream", StringComparison.OrdinalIgnoreCase) ? ToxicStream.Upstream : ToxicStream.Downstream;

    /// <summary>An attribute as a whole number; null when absent or not a whole number (a fraction, a string).</summary>
    public long? GetInt64(string attribute) =>
        Attributes.TryGetValue(attribute, out var value) ? JsonValues.AsInt64(value) : null;

    /// <summary>
    /// The toxic as its typed spec (<see cref="LatencyToxic"/>, ...; <see cref="CustomToxic"/> for a type
    /// this client does not know), with name, stream and toxicity filled in.
    /// </summary>
    public ToxicSpec ToSpec() => ToxicSpec.FromInfo(this);

    /// <summary>The toxic as <typeparamref name="T"/>; throws <see cref="InvalidOperationException"/> naming both types when it is another type.</summary>
    public T As<T>()
        where T : ToxicSpec
    {
        var spec = ToSpec();
        return spec as T ?? throw new InvalidOperationException($"toxic '{Name}' is of type '{Type}', not {typeof(T).Name}");
    }
}

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

/// <summary>Body of POST /proxies/{name}/toxics and of PATCH updates; unset fields are left out.</summary>
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
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? Toxicity { get; init; }

    [JsonPropertyName("attributes")]
    public Dictionary<string, JsonElement> Attributes { get; init; } = [];
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
[JsonSerializable(typeof(string))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

/// <summary>The /version body.</summary>
internal sealed class VersionResponse
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }
}
