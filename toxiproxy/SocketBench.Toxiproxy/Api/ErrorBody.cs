using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Api;

/// <summary>Toxiproxy's error body: <c>{"error":…,"status":…}</c>.</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("status")] int Status);
