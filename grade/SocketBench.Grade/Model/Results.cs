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

/// <summary>One side of a submission.</summary>
public sealed class ProgramInfo
{
    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    [JsonPropertyName("present")]
    public bool Present { get; init; }
}

/// <summary>A tier's verdict and counts.</summary>
public sealed class TierResult
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("verdict")]
    public string Verdict { get; init; } = "";

    [JsonPropertyName("passed")]
    public int Passed { get; init; }

    [JsonPropertyName("failed")]
    public int Failed { get; init; }

    [JsonPropertyName("skipped")]
    public int Skipped { get; init; }
}

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

/// <summary>The class summary (summary.json).</summary>
public sealed class ClassSummary
{
    [JsonPropertyName("schema")]
    public int Schema { get; init; } = SubmissionResults.CurrentSchema;

    [JsonPropertyName("submissions")]
    public List<SummaryRow> Submissions { get; init; } = [];
}

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

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SubmissionResults))]
[JsonSerializable(typeof(ClassSummary))]
internal sealed partial class GradeJsonContext : JsonSerializerContext;
