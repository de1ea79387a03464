using System.Text.Json.Serialization;

namespace SocketBench.Grade.Model;

/// <summary>results.json, schema 1 (GRADE-CONTRACT.md): one submission's grade, self-contained so cards made on different machines can be merged.</summary>
public sealed class SubmissionResults
{
    /// <summary>The schema version this grader writes.</summary>
    public const int CurrentSchema = 1;

    [JsonPropertyName("schema")]
    public int Schema { get; init; } = CurrentSchema;

    [JsonPropertyName("submission")]
    public string Submission { get; init; } = "";

    [JsonPropertyName("server")]
    public ProgramInfo Server { get; init; } = new();

    [JsonPropertyName("client")]
    public ProgramInfo Client { get; init; } = new();

    [JsonPropertyName("quick")]
    public bool Quick { get; init; }

    [JsonPropertyName("tiers")]
    public List<TierResult> Tiers { get; init; } = [];

    [JsonPropertyName("checks")]
    public List<CheckResult> Checks { get; init; } = [];

    /// <summary>Gets notes on how the run went (network namespace, capped output, missing helpers).</summary>
    [JsonPropertyName("notes")]
    public List<string> Notes { get; init; } = [];

    [JsonPropertyName("started_utc")]
    public string StartedUtc { get; init; } = "";

    [JsonPropertyName("elapsed_ms")]
    public long ElapsedMs { get; set; }

    [JsonPropertyName("grader_version")]
    public string GraderVersion { get; init; } = "";

    /// <summary>Gets whether every spec check passed (what the exit code says).</summary>
    [JsonIgnore]
    public bool SpecPassed => Checks.All(c => c.Tier != TierId.Spec || c.Status != CheckStatus.Fail);
}
