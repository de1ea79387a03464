using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Client;

/// <summary>The /version body.</summary>
internal sealed class VersionResponse
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }
}
