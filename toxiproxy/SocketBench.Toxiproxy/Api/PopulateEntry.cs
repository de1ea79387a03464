using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy.Api;

/// <summary>One item of a populate array or config file.</summary>
/// <param name="Name">Proxy name.</param>
/// <param name="Listen">Listen address as given, or loopback port 0 when missing.</param>
/// <param name="Upstream">Upstream address.</param>
/// <param name="Enabled">Whether to start it (default true).</param>
/// <param name="Toxics">Toxics created with the proxy, before it listens (extension).</param>
/// <param name="HalfClose">False for Toxiproxy's "a half-close ends the connection" (extension).</param>
internal sealed record PopulateEntry(string Name, string Listen, string Upstream, bool Enabled, List<Toxic> Toxics, bool HalfClose = true);
