using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Api;

/// <summary>Source-generated serializers for every API body (AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ProxyBody))]
[JsonSerializable(typeof(ToxicBody))]
[JsonSerializable(typeof(List<ToxicBody>))]
[JsonSerializable(typeof(Dictionary<string, ProxyBody>))]
[JsonSerializable(typeof(PopulateBody))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
