using System.Text.Json.Serialization;

namespace SocketBench.Grade.Model;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SubmissionResults))]
[JsonSerializable(typeof(ClassSummary))]
internal sealed partial class GradeJsonContext : JsonSerializerContext;
