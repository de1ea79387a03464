using SocketBench.Toxiproxy.Logging;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>One listening <see cref="Proxy"/> without the API, for tests that look at its connections and counters.</summary>
internal sealed class LiveProxy : IDisposable
{
    private LiveProxy(ProxyHost host, Proxy proxy)
    {
        Host = host;
        Proxy = proxy;
    }

    public ProxyHost Host { get; }

    public Proxy Proxy { get; }

    /// <summary>The bound port.</summary>
    public int Port => int.Parse(Proxy.Listen.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

    public static LiveProxy Start(string upstream, string name = "live", ProxyHost? host = null)
    {
        host ??= new ProxyHost(TimeProvider.System, ToxiproxyLog.Null, 1);
        var proxy = new Proxy(host, name, "127.0.0.1:0", upstream);
        proxy.Start();
        return new LiveProxy(host, proxy);
    }

    public void Dispose() => Proxy.Stop();
}
