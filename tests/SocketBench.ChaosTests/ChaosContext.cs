using SocketBench.Processes;
using System.Text;
using NUnit.Framework;
using SocketBench.Testing;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.ChaosTests;

/// <summary>
/// One pair under one scenario: a fresh server, a proxy in front of it, and the steps every
/// scenario shares (send through the proxy, cut the proxy, probe the server directly, classify).
/// </summary>
public sealed class ChaosContext : IAsyncDisposable
{
    private static readonly TimeSpan ClientDeadline = TimeSpan.FromSeconds(120);

    private ChaosContext(Implementation client, RunningServer server, ToxiproxyInstance toxiproxy, ProxyHandle proxy)
    {
        Client = client;
        Server = server;
        Toxiproxy = toxiproxy;
        Proxy = proxy;
    }

    public Implementation Client { get; }

    public RunningServer Server { get; }

    public ToxiproxyInstance Toxiproxy { get; }

    public ProxyHandle Proxy { get; private set; }

    /// <summary>
    /// Starts the pair's server and, in front of it, a proxy made from toxiproxy/toxiproxy.json with
    /// <paramref name="toxics"/> created atomically with it (our server's /populate extension; with an
    /// external Toxiproxy they are added right after, before any client connects).
    /// </summary>
    public static async Task<ChaosContext> StartAsync(ToxiproxyInstance toxiproxy, Implementation client, Implementation server, string name, IReadOnlyList<ToxicSpec>? toxics = null)
    {
        var running = await RunningServer.StartAsync(server);
        try
        {
            var upstream = $"127.0.0.1:{running.Port}";
            var listen = ProxyTemplates.ListenFor(server.Name);
            await toxiproxy.Client.PopulateAsync([new ProxyDefinition(name, upstream, new ListenAddress(listen)) { Toxics = toxiproxy.IsOurs ? toxics : null }]);
            var proxy = await toxiproxy.Client.GetProxyAsync(name);
            if (!toxiproxy.IsOurs)
            {
                foreach (var t in toxics ?? [])
                {
                    await proxy.AddToxicAsync(t);
                }
            }

            return new ChaosContext(client, running, toxiproxy, proxy);
        }
        catch
        {
            running.Dispose();
            throw;
        }
    }

    /// <summary>Runs the pair's client through the proxy with <c>-v</c> and <paramref name="args"/>.</summary>
    public Task<ClientResult> SendThroughProxyAsync(byte[] message, params string[] args) =>
        ClientRunner.RunAsync(Client, "127.0.0.1", Proxy.ListenPort, message, ["-v", .. args], ClientDeadline);

    /// <summary>Sends through the proxy, then observes (see <see cref="ObserveAsync"/>).</summary>
    public async Task<Observation> SendAndObserveAsync(byte[] message, bool expectWhole, params string[] args) =>
        await ObserveAsync(message, await SendThroughProxyAsync(message, args), expectWhole);

    /// <summary>
    /// After the faulty run: when the whole message is expected, wait for it on stdout; then delete
    /// the proxy (closing whatever it still holds), send a probe straight to the server with the
    /// same client, and split the server's output into this client's part and the probe.
    /// </summary>
    public async Task<Observation> ObserveAsync(byte[] input, ClientResult result, bool expectWhole)
    {
        if (expectWhole && result.ExitCode == 0)
        {
            await Server.WaitForOutputAsync(input.Length, TimeSpan.FromSeconds(30));
        }

        await DeleteProxyAsync();
        var probe = Encoding.ASCII.GetBytes($"probe {Guid.NewGuid():N}\n");
        var probeRun = await ClientRunner.RunAsync(Client, "127.0.0.1", Server.Port, probe, ["--drain-timeout", "30"], ClientDeadline);
        var survived = probeRun.ExitCode == 0 && await Eventually.UntilAsync(() => EndsWith(Server.Child.Stdout.ToArray(), probe), TimeSpan.FromSeconds(30));
        var output = Server.Child.Stdout.ToArray();
        var clientPart = survived ? output[..^probe.Length] : output;
        var stats = TryStats(result);
        return new Observation(result.ExitCode, stats.GetValueOrDefault("attempts"), stats.GetValueOrDefault("partial_sends"), input, clientPart, survived && !Server.Child.HasExited, result.Stderr);
    }

    /// <summary>Deletes the proxy (idempotent): Toxiproxy closes its connections on delete.</summary>
    public async Task DeleteProxyAsync()
    {
        try
        {
            await Proxy.DeleteAsync();
        }
        catch (ToxiproxyApiException)
        {
            // Already gone.
        }
    }

    /// <summary>Everything a failure message needs: both programs' stderr and the proxy's log tail.</summary>
    public string Diagnostics(ClientResult? result = null)
    {
        var log = Toxiproxy.Log;
        return $"client stderr=[{result?.Stderr.Trim()}] server stderr=[{Server.Child.Stderr.Trim()}] proxy log tail=[{log[Math.Max(0, log.Length - 1500)..].Trim()}]";
    }

    public async ValueTask DisposeAsync()
    {
        await DeleteProxyAsync();
        if (!Server.Child.HasExited)
        {
            var code = await Server.StopAsync(Signals.SigTerm);
            Assert.That(code, Is.Zero, $"server exit after SIGTERM; stderr=[{Server.Child.Stderr.Trim()}]");
        }

        Server.Dispose();
    }

    private static IReadOnlyDictionary<string, long> TryStats(ClientResult result)
    {
        try
        {
            return result.Stats();
        }
        catch (InvalidOperationException)
        {
            return new Dictionary<string, long>();
        }
    }

    private static bool EndsWith(byte[] output, byte[] tail) =>
        output.Length >= tail.Length && output.AsSpan(output.Length - tail.Length).SequenceEqual(tail);
}
