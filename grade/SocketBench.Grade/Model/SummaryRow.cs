using System.Text.Json.Serialization;

namespace SocketBench.Grade.Model;

/// <summary>One submission in the class summary.</summary>
public sealed class SummaryRow
{
    [JsonPropertyName("submission")]
    public string Submission { get; init; } = "";

    /// <summary>Gets the card's path relative to the summary.</summary>
    [JsonPropertyName("card")]
    public string Card { get; init; } = "";

    [JsonPropertyName("tiers")]
    public List<TierResult> Tiers { get; init; } = [];

    /// <summary>Gets each check's status by ID.</summary>
    [JsonPropertyName("checks")]
    public Dictionary<string, string> Checks { get; init; } = [];
}
