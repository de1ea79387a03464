using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Api;

/// <summary>Toxiproxy's error body: <c>{"error":…,"status":…}</c>.</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("status")] int Status);

/// <summary>The stray <c>"Logger":{}</c> object Toxiproxy emits in every proxy.</summary>
internal sealed class EmptyObject
{
    /// <summary>The shared instance.</summary>
    public static EmptyObject Instance { get; } = new();
}

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

/// <summary>A toxic as the API reports it.</summary>
internal sealed class ToxicBody
{
    [JsonPropertyName("attributes")]
    public required Dictionary<string, long> Attributes { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("stream")]
    public required string Stream { get; init; }

    [JsonPropertyName("toxicity")]
    public required float Toxicity { get; init; }
}

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
