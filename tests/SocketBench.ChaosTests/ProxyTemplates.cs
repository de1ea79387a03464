using SocketBench.Processes;
using System.Text.Json;
using SocketBench.Testing;

namespace SocketBench.ChaosTests;

/// <summary>
/// The proxies the suites use, from toxiproxy/toxiproxy.json (Toxiproxy's -config format): a cell's
/// proxy copies the entry named <c>&lt;server&gt;_server</c> (its listen address, port 0 there), with
/// the upstream pointed at the cell's own server.
/// </summary>
public static class ProxyTemplates
{
    private static readonly Lazy<Dictionary<string, string>> ListenByName = new(Load);

    /// <summary>The listen address for a proxy in front of <paramref name="serverName"/>'s server.</summary>
    public static string ListenFor(string serverName) =>
        ListenByName.Value.TryGetValue($"{serverName}_server", out var listen) ? listen
        : ListenByName.Value.TryGetValue("csharp_server", out var fallback) ? fallback
        : throw new InvalidOperationException("toxiproxy/toxiproxy.json has no csharp_server entry");

    private static Dictionary<string, string> Load()
    {
        var path = Path.Combine(RepoRoot.Path, "toxiproxy", "toxiproxy.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in doc.RootElement.EnumerateArray())
        {
            var listen = entry.GetProperty("listen").GetString()!;
            if (!listen.EndsWith(":0", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{path}: {entry.GetProperty("name").GetString()} listens on {listen}; suites need port 0 (no fixed ports)");
            }

            result[entry.GetProperty("name").GetString()!] = listen;
        }

        return result;
    }
}
