using System.Globalization;
using SocketBench.Processes;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.ChaosTests;

/// <summary>
/// The suite's Toxiproxy-compatible API, through the one <see cref="FaultProxy"/> starter:
/// <c>TOXIPROXY_URL</c> when set (a real Toxiproxy works too) and no seed is needed, else our
/// <c>bin/toxiproxy-server</c> on a free loopback port.
/// </summary>
public sealed class ToxiproxyInstance : IDisposable
{
    private readonly FaultProxy _proxy;

    private ToxiproxyInstance(FaultProxy proxy) => _proxy = proxy;

    public ToxiproxyClient Client => _proxy.Client;

    /// <summary>True for our bin/toxiproxy-server (which takes toxics in /populate), false for TOXIPROXY_URL.</summary>
    public bool IsOurs => _proxy.Server is not null;

    /// <summary>The proxy's own log, for failure messages (empty for an external server).</summary>
    public string Log => _proxy.Server?.Child.Stderr ?? "";

    /// <summary>Uses TOXIPROXY_URL when set and no seed is needed, else starts our server (with <c>-seed</c> when given).</summary>
    public static async Task<ToxiproxyInstance> StartAsync(long? seed = null)
    {
        var url = seed is null ? ToxiproxyClient.ParseUrl(Environment.GetEnvironmentVariable(ToxiproxyClient.UrlVariable)) : null;
        string[] arguments = seed is { } s ? ["-seed", s.ToString(CultureInfo.InvariantCulture)] : [];
        return new ToxiproxyInstance(await FaultProxy.StartAsync(RepoRoot.Bin("toxiproxy-server"), url, arguments));
    }

    public void Dispose() => _proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
