using System.Text.Json;
using SocketBench.Grade.Model;

namespace SocketBench.Grade.Reports;

/// <summary>Reads and writes results.json and summary.json.</summary>
public static class ResultsJson
{
    public static string Serialize(SubmissionResults results) => JsonSerializer.Serialize(results, GradeJsonContext.Default.SubmissionResults);

    public static string Serialize(ClassSummary summary) => JsonSerializer.Serialize(summary, GradeJsonContext.Default.ClassSummary);

    /// <summary>Parses a results.json; throws <see cref="InvalidDataException"/> naming the file when it is not one (or of another schema).</summary>
    public static SubmissionResults Parse(string json, string source)
    {
        SubmissionResults? results;
        try
        {
            results = JsonSerializer.Deserialize(json, GradeJsonContext.Default.SubmissionResults);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a results.json ({e.Message})");
        }

        return results switch
        {
            null => throw new InvalidDataException($"{source}: empty"),
            { Schema: not SubmissionResults.CurrentSchema } => throw new InvalidDataException($"{source}: schema {results.Schema}, this grader reads schema {SubmissionResults.CurrentSchema}"),
            _ => results,
        };
    }
}
