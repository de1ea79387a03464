using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Api;

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
