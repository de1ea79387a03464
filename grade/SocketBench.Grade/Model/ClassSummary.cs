using System.Text.Json.Serialization;

namespace SocketBench.Grade.Model;

/// <summary>The class summary (summary.json).</summary>
public sealed class ClassSummary
{
    [JsonPropertyName("schema")]
    public int Schema { get; init; } = SubmissionResults.CurrentSchema;

    [JsonPropertyName("submissions")]
    public List<SummaryRow> Submissions { get; init; } = [];
}
