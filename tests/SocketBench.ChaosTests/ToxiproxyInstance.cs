using SocketBench.Processes;
using System.Text.RegularExpressions;
using SocketBench.Testing;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.ChaosTests;

/// <summary>
/// A Toxiproxy-compatible API for the suite: <c>TOXIPROXY_URL</c> when set (a real Toxiproxy
/// works too), else our <c>bin/toxiproxy-server</c> started on a port of the OS's choice.
/// </summary>
public sealed partial class ToxiproxyInstance : IDisposable
{
    private readonly ChildProcess? _process;

    private ToxiproxyInstance(ToxiproxyClient client, ChildProcess? process)
    {
        Client = client;
        _process = process;
    }

    public ToxiproxyClient Client { get; }

    /// <summary>True for our bin/toxiproxy-server (which takes toxics in /populate), false for TOXIPROXY_URL.</summary>
    public bool IsOurs => _process is not null;

    /// <summary>The proxy's own log, for failure messages (empty for an external server).</summary>
    public string Log => _process?.Stderr ?? "";

    /// <summary>Uses TOXIPROXY_URL when set and no seed is needed, else starts our server.</summary>
    public static async Task<ToxiproxyInstance> StartAsync(long? seed = null)
    {
        if (seed is null && ToxiproxyClient.ParseUrl(Environment.GetEnvironmentVariable(ToxiproxyClient.UrlVariable)) is { } url)
        {
            return new ToxiproxyInstance(new ToxiproxyClient(url), null);
        }

        string[] args = seed is { } s ? ["-host", "127.0.0.1", "-port", "0", "-seed", s.ToString(System.Globalization.CultureInfo.InvariantCulture)] : ["-host", "127.0.0.1", "-port", "0"];
        var child = ChildProcess.Start(RepoRoot.Bin("toxiproxy-server"), args);
        var port = 0;
        if (!await Eventually.UntilAsync(() => child.HasExited || TryPort(child.Stderr, out port), TimeSpan.FromSeconds(15)) || port == 0)
        {
            var err = child.Stderr;
            child.Dispose();
            throw new InvalidOperationException($"toxiproxy-server did not report its API port; stderr: {err}");
        }

        return new ToxiproxyInstance(new ToxiproxyClient(new Uri($"http://127.0.0.1:{port}")), child);
    }

    public void Dispose()
    {
        Client.Dispose();
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Signal(Signals.SigTerm);
                _process.WaitForExitAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
            }

            _process.Dispose();
        }
    }

    private static bool TryPort(string stderr, out int port)
    {
        var m = PortRegex().Match(stderr);
        port = m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return m.Success;
    }

    [GeneratedRegex("\"port\":(\\d+)")]
    private static partial Regex PortRegex();
}
