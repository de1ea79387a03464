using System.Net;
using SocketBench.Processes;

namespace SocketBench.Bench.Sections;

/// <summary>
/// What the proxy section measures, started and not yet measured: the upstream direct, our fault
/// proxy and, when asked for and present, a real Toxiproxy, each proxy with one proxy named "bench"
/// in front of the upstream.
/// </summary>
public sealed class ProxySubjects : IAsyncDisposable
{
    private readonly List<FaultProxy> _servers = [];
    private readonly List<(string Name, IPEndPoint Target)> _subjects = [];

    private ProxySubjects()
    {
    }

    /// <summary>Gets the subjects in measuring order: "direct", "proxy", then "toxiproxy" when it runs.</summary>
    public IReadOnlyList<(string Name, IPEndPoint Target)> Subjects => _subjects;

    /// <summary>
    /// Starts <paramref name="ours"/> and, when <paramref name="realToxiproxy"/> is given, that program too;
    /// one that does not exist is left out with a line to <paramref name="log"/>.
    /// </summary>
    public static async Task<ProxySubjects> StartAsync(IPEndPoint upstream, string ours, string? realToxiproxy, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var started = new ProxySubjects();
        try
        {
            started._subjects.Add(("direct", upstream));
            await started.AddAsync("proxy", ours, upstream).ConfigureAwait(false);
            if (realToxiproxy is { Length: > 0 } && !File.Exists(realToxiproxy))
            {
                log($"proxy: {ProxySection.RealToxiproxyVariable}={realToxiproxy} does not exist; the real Toxiproxy is left out");
            }
            else if (realToxiproxy is { Length: > 0 })
            {
                await started.AddAsync("toxiproxy", realToxiproxy, upstream).ConfigureAwait(false);
            }

            return started;
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task AddAsync(string name, string program, IPEndPoint upstream)
    {
        var server = await FaultProxy.StartAsync(program).ConfigureAwait(false);
        _servers.Add(server);
        var proxy = await server.CreateProxyAsync("bench", upstream).ConfigureAwait(false);
        _subjects.Add((name, FaultProxy.EndPointOf(proxy)));
    }
}
