using SocketBench.Toxiproxy.Client;

namespace SocketBench.Toxiproxy.Tests.Api;

internal static class ProxyHandleExtensions
{
    public static string Upstream(this ProxyHandle proxy) => proxy.Info.Upstream;
}
