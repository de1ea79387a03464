using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy;

/// <summary>The labels of one byte counter, as Toxiproxy's metrics carry them.</summary>
/// <param name="Proxy">Proxy name.</param>
/// <param name="Listener">Listen address while the bytes flowed.</param>
/// <param name="Upstream">Upstream address while the bytes flowed.</param>
/// <param name="Direction">Which link.</param>
internal readonly record struct TrafficKey(string Proxy, string Listener, string Upstream, Direction Direction);
