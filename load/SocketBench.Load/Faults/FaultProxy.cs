using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SocketBench.Load.Target;

namespace SocketBench.Load.Faults;

/// <summary>
/// The fault proxy for scenario 6, spoken to over the plain Toxiproxy 2.x HTTP API (so a real
/// Toxiproxy works too): either the one at <c>--toxiproxy URL</c> / TOXIPROXY_URL, or
/// bin/toxiproxy-server started here on a loopback port from the OS (-port 0, port read from its log)
/// and stopped with SIGTERM by its pid.
/// </summary>
internal sealed partial class FaultProxy : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly HttpClient _http;
    private readonly Process? _process;
    private readonly List<string> _proxies = [];

    private FaultProxy(Uri api, Process? process)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
        _process = process;
    }

    public Uri Api => _http.BaseAddress!;

    public static async Task<FaultProxy> StartAsync(string root, Uri? url, CancellationToken cancellationToken)
    {
        url ??= Uri.TryCreate(Environment.GetEnvironmentVariable("TOXIPROXY_URL"), UriKind.Absolute, out var env) ? env : null;
        if (url is not null)
        {
            return new FaultProxy(url, null);
        }

        var exe = Path.Combine(root, "bin", "toxiproxy-server");
        if (!File.Exists(exe))
        {
            throw new FileNotFoundException($"{exe} not found (make bin/toxiproxy-server), and no --toxiproxy URL or TOXIPROXY_URL given", exe);
        }

        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-host", "127.0.0.1", "-port", "0"])
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = WatchAsync(process.StandardOutput, port);
        _ = WatchAsync(process.StandardError, port);
        try
        {
            var p = await port.Task.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            return new FaultProxy(new Uri($"http://127.0.0.1:{p}/"), process);
        }
        catch (TimeoutException)
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"{exe} did not log its API port within {StartTimeout.TotalSeconds} s");
        }
    }

    /// <summary>Finds the API port in a log line: Toxiproxy's JSON <c>"port":N</c> or text <c>port N</c>.</summary>
    internal static int? ParseApiPort(string line)
    {
        var m = PortPattern().Match(line);
        return m.Success && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535 ? p : null;
    }

    /// <summary>POST /proxies with a loopback listen port from the OS; returns the proxy's listen end point.</summary>
    public async Task<IPEndPoint> CreateProxyAsync(string name, IPEndPoint upstream, CancellationToken cancellationToken)
    {
        var body = $$"""{"name":"{{name}}","listen":"127.0.0.1:0","upstream":"{{upstream}}","enabled":true}""";
        using var response = await _http.PostAsync(new Uri("proxies", UriKind.Relative), Json(body), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /proxies: {(int)response.StatusCode} {text}");
        }

        _proxies.Add(name);
        using var doc = JsonDocument.Parse(text);
        var listen = doc.RootElement.GetProperty("listen").GetString() ?? throw new InvalidOperationException("proxy without listen address");
        return IPEndPoint.Parse(listen.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>POST /proxies/{name}/toxics.</summary>
    public async Task AddToxicAsync(string proxy, string toxic, string type, string stream, IReadOnlyDictionary<string, long> attributes, CancellationToken cancellationToken)
    {
        var attrs = string.Join(',', attributes.Select(kv => $"\"{kv.Key}\":{kv.Value.ToString(CultureInfo.InvariantCulture)}"));
        var body = "{\"name\":\"" + toxic + "\",\"type\":\"" + type + "\",\"stream\":\"" + stream + "\",\"toxicity\":1.0,\"attributes\":{" + attrs + "}}";
        using var response = await _http.PostAsync(new Uri($"proxies/{proxy}/toxics", UriKind.Relative), Json(body), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /proxies/{proxy}/toxics: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _proxies)
        {
            try
            {
                using var _ = await _http.DeleteAsync(new Uri($"proxies/{name}", UriKind.Relative)).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
            }
        }

        _http.Dispose();
        if (_process is { HasExited: false })
        {
            _ = Processes.Signals.Send(_process.Id, Processes.Signals.SigTerm);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _process.Kill();
            }
        }

        _process?.Dispose();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task WatchAsync(StreamReader reader, TaskCompletionSource<int> port)
    {
        for (var line = await reader.ReadLineAsync().ConfigureAwait(false); line is not null; line = await reader.ReadLineAsync().ConfigureAwait(false))
        {
            if (!port.Task.IsCompleted && line.Contains("API", StringComparison.Ordinal) && ParseApiPort(line) is { } p)
            {
                port.TrySetResult(p);
            }
        }
    }

    [GeneratedRegex("\"?port\"?\\s*[:= ]\\s*(\\d{1,5})", RegexOptions.IgnoreCase)]
    private static partial Regex PortPattern();
}
