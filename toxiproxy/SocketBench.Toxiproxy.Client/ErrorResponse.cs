using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Client;

/// <summary>An error body: <c>{"error":…,"status":…}</c>.</summary>
internal sealed class ErrorResponse
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
