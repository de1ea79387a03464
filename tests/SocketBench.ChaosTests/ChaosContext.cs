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
    private static readonly TimeSpan QuietDeadline = TimeSpan.FromSeconds(30);

    private ChaosContext(Implementation client, bool clientHasExtensions, Implementation serverImpl, ServerProcess server, ToxiproxyInstance toxiproxy, ProxyHandle proxy, bool receipts)
    {
        Receipts = receipts;
        Client = client;
        ClientHasExtensions = clientHasExtensions;
        ServerImpl = serverImpl;
        Server = server;
        Toxiproxy = toxiproxy;
        Proxy = proxy;
    }

    public Implementation Client { get; }

    /// <summary>Gets whether both programs run with <c>--receipt</c> (the server started with it, every client run through the proxy gets it).</summary>
    public bool Receipts { get; }

    /// <summary>Gets whether the client speaks our extensions (options, <c>-v</c>, exit codes); a spec-only client runs with no options.</summary>
    public bool ClientHasExtensions { get; }

    /// <summary>Gets the implementation whose server runs.</summary>
    public Implementation ServerImpl { get; }

    public ServerProcess Server { get; }

    public ToxiproxyInstance Toxiproxy { get; }

    public ProxyHandle Proxy { get; private set; }

    /// <summary>
    /// Starts the pair's server and, in front of it, a proxy made from toxiproxy/toxiproxy.json with
    /// <paramref name="toxics"/> created atomically with it (our server's /populate extension; with an
    /// external Toxiproxy they are added right after, before any client connects). With
    /// <paramref name="receipts"/> the server runs with <c>--receipt</c>, and so does every client
    /// sent through the proxy.
    /// </summary>
    public static async Task<ChaosContext> StartAsync(ToxiproxyInstance toxiproxy, Implementation client, Implementation server, string name, IReadOnlyList<ToxicSpec>? toxics = null, bool receipts = false)
    {
        var running = await server.StartServerAsync(receipts ? [ChaosScenarios.ReceiptOption] : null);
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

            return new ChaosContext(client, await Extensions.ClientAsync(client), server, running, toxiproxy, proxy, receipts);
        }
        catch
        {
            running.Dispose();
            throw;
        }
    }

    /// <summary>Runs the pair's client through the proxy with <c>-v</c> and <paramref name="args"/> (a spec-only client: with none), plus <c>--receipt</c> in a receipts cell.</summary>
    public Task<ClientResult> SendThroughProxyAsync(byte[] message, params string[] args) =>
        ClientRunner.RunAsync(Client, "127.0.0.1", Proxy.ListenPort, message, ClientHasExtensions ? ["-v", .. Receipts ? [ChaosScenarios.ReceiptOption] : Array.Empty<string>(), .. args] : [], ClientDeadline);

    /// <summary>Sends through the proxy, then observes (see <see cref="ObserveAsync"/>).</summary>
    public async Task<Observation> SendAndObserveAsync(byte[] message, bool expectWhole, params string[] args) =>
        await ObserveAsync(message, await SendThroughProxyAsync(message, args), expectWhole);

    /// <summary>
    /// After the faulty run: when the whole message is expected, wait for it on stdout; wait until
    /// the server holds no connection (it finished with the client, so what it printed is final and
    /// deleting the proxy cannot cut it); then delete the proxy, send a probe straight to the server,
    /// and split the server's output into this client's part and the probe.
    /// </summary>
    public async Task<Observation> ObserveAsync(byte[] input, ClientResult result, bool expectWhole)
    {
        if (expectWhole && result.ExitCode == 0)
        {
            await Server.WaitForOutputAsync(input.Length, TimeSpan.FromSeconds(30));
        }

        var quiet = await Eventually.UntilAsync(() => Server.Child.HasExited || Listeners.ConnectionsOfTree(Server.Child.Pid).Count == 0, QuietDeadline);
        await DeleteProxyAsync();
        var (survived, clientPart) = await ProbeAsync(Server, 0);
        var stats = TryStats(result);
        return new Observation(result.ExitCode, stats.GetValueOrDefault("attempts"), stats.GetValueOrDefault("partial_sends"), input, clientPart, survived, result.Stderr, quiet, ClientHasExtensions);
    }

    /// <summary>
    /// Sends a unique probe straight to <paramref name="server"/> with our C# client and waits for it
    /// on stdout: proof the server finished whatever came before and still serves. Returns whether it
    /// arrived, and the output from <paramref name="from"/> up to the probe (everything after
    /// <paramref name="from"/> when it did not arrive).
    /// </summary>
    public static async Task<(bool Arrived, byte[] Before)> ProbeAsync(ServerProcess server, long from)
    {
        var probe = Encoding.ASCII.GetBytes($"probe {Guid.NewGuid():N}\n");
        var probeRun = await ClientRunner.RunAsync(Implementations.CSharp, "127.0.0.1", server.Port, probe, ["--drain-timeout", "30"], ClientDeadline);
        var arrived = probeRun.ExitCode == 0 && await Eventually.UntilAsync(() => EndsWith(server.Child.Stdout.ToArray(), probe), TimeSpan.FromSeconds(30));
        var output = server.Child.Stdout.ToArray();
        return (arrived && !server.Child.HasExited, output[(int)Math.Min(from, output.Length)..(arrived ? output.Length - probe.Length : output.Length)]);
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
            // The spec: a signal ends the server. Ours: with exit code 0.
            var code = await Server.StopAsync(Signals.SigTerm);
            Assert.That(code, await Extensions.ServerAsync(ServerImpl) ? Is.Zero : Is.Not.Null, $"server exit after SIGTERM (null: still running); stderr=[{Server.Child.Stderr.Trim()}]");
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
