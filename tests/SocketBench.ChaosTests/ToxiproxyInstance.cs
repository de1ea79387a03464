using System.Globalization;
using SocketBench.Processes;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.ChaosTests;

/// <summary>
/// A Toxiproxy-compatible API for the suite: <c>TOXIPROXY_URL</c> when set (a real Toxiproxy
/// works too), else our <c>bin/toxiproxy-server</c> started by the process library on a free port,
/// ready once its API socket listens.
/// </summary>
public sealed class ToxiproxyInstance : IDisposable
{
    private readonly ServerProcess? _process;

    private ToxiproxyInstance(ToxiproxyClient client, ServerProcess? process)
    {
        Client = client;
        _process = process;
    }

    public ToxiproxyClient Client { get; }

    /// <summary>True for our bin/toxiproxy-server (which takes toxics in /populate), false for TOXIPROXY_URL.</summary>
    public bool IsOurs => _process is not null;

    /// <summary>The proxy's own log, for failure messages (empty for an external server).</summary>
    public string Log => _process?.Child.Stderr ?? "";

    /// <summary>Uses TOXIPROXY_URL when set and no seed is needed, else starts our server.</summary>
    public static async Task<ToxiproxyInstance> StartAsync(long? seed = null)
    {
        if (seed is null && ToxiproxyClient.ParseUrl(Environment.GetEnvironmentVariable(ToxiproxyClient.UrlVariable)) is { } url)
        {
            return new ToxiproxyInstance(new ToxiproxyClient(url), null);
        }

        // The library appends the chosen port last: "-port N".
        string[] args = seed is { } s ? ["-host", "127.0.0.1", "-seed", s.ToString(CultureInfo.InvariantCulture), "-port"] : ["-host", "127.0.0.1", "-port"];
        var server = await ServerProcess.StartAsync(new ServerStartOptions { FileName = RepoRoot.Bin("toxiproxy-server"), Arguments = args });
        return new ToxiproxyInstance(new ToxiproxyClient(new Uri($"http://127.0.0.1:{server.Port}")), server);
    }

    public void Dispose()
    {
        Client.Dispose();
        if (_process is not null)
        {
            _process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
            _process.Dispose();
        }
    }
}
