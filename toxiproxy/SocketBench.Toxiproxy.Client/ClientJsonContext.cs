using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Source-generated serializers (AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ProxyInfo))]
[JsonSerializable(typeof(ToxicInfo))]
[JsonSerializable(typeof(List<ToxicInfo>))]
[JsonSerializable(typeof(Dictionary<string, ProxyInfo>))]
[JsonSerializable(typeof(ProxyRequest))]
[JsonSerializable(typeof(List<ProxyRequest>))]
[JsonSerializable(typeof(ToxicRequest))]
[JsonSerializable(typeof(PopulateResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(string))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
