using System.Globalization;
using System.Text.RegularExpressions;
using SocketBench.Processes;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Grade.Running;

/// <summary>Our fault proxy (bin/toxiproxy-server) on a port of the OS's choice, with a typed client for its API.</summary>
internal sealed partial class FaultProxy : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private FaultProxy(ChildProcess process, ToxiproxyClient client)
    {
        _process = process;
        Client = client;
    }

    public ToxiproxyClient Client { get; }

    /// <summary>Starts <paramref name="path"/> and waits until it names its API port on stderr.</summary>
    public static async Task<FaultProxy> StartAsync(string path)
    {
        var child = ChildProcess.Start(path, "-host", "127.0.0.1", "-port", "0");
        var port = 0;
        await Poll.UntilAsync(() => child.HasExited || TryPort(child.Stderr, out port), TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        if (port == 0)
        {
            var stderr = child.Stderr;
            await child.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the fault proxy did not start: {stderr.Trim()}");
        }

        return new FaultProxy(child, new ToxiproxyClient(new Uri($"http://127.0.0.1:{port}")));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    private static bool TryPort(string stderr, out int port)
    {
        var m = PortRegex().Match(stderr);
        port = m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return m.Success;
    }

    [GeneratedRegex("\"port\":(\\d+)")]
    private static partial Regex PortRegex();
}
