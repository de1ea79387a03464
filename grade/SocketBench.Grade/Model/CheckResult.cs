using System.Text.Json.Serialization;

namespace SocketBench.Grade.Model;

/// <summary>One check's result.</summary>
public sealed class CheckResult
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("tier")]
    public string Tier { get; init; } = "";

    [JsonPropertyName("side")]
    public string Side { get; init; } = "";

    [JsonPropertyName("status")]
    public string Status { get; init; } = "";

    [JsonPropertyName("spec")]
    public string Spec { get; init; } = "";

    [JsonPropertyName("summary")]
    public string Summary { get; init; } = "";

    [JsonPropertyName("evidence")]
    public Dictionary<string, string> Evidence { get; init; } = [];

    [JsonPropertyName("duration_ms")]
    public long DurationMs { get; init; }
}
