using System.Text.Json.Serialization;

namespace SocketBench.Grade.Model;

/// <summary>One side of a submission.</summary>
public sealed class ProgramInfo
{
    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    [JsonPropertyName("present")]
    public bool Present { get; init; }
}
