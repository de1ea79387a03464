using System.Collections.Concurrent;
using System.Net;
using SocketBench.Load.Clients;
using SocketBench.Load.Stats;
using SocketBench.Load.Target;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// One server shared by a group of scenarios, with the end-of-scenario routine every scenario
/// runs: a probe message that must be delivered whole (the server is alive), then the exactly-once
/// check of the scenario's messages. Normally a process the runner starts and whose stdout it
/// parses; with <c>--target</c> a server someone else runs: then the runner sees neither its stdout
/// nor its listening socket, and the exactly-once and kernel checks say n/a.
/// </summary>
internal sealed class ServerSession(LoadOptions options) : IAsyncDisposable
{
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(15);
    private static readonly ClientSettings ProbeSettings = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.Zero);
    private readonly ConcurrentBag<MessageClient> _clients = [];
    private readonly MessageLedger _targetLedger = new();
    private TargetServer? _server;
    private long _logLines;

    public TargetServer Server => _server ?? throw new InvalidOperationException("server not started");

    /// <summary>Gets a value indicating whether the server is the runner's own process (stdout and kernel view available).</summary>
    public bool IsLocal => options.Target is null;

    /// <summary>Gets why the exactly-once checks do not apply, or null when they do.</summary>
    public string? NotApplicable => IsLocal ? null : ScenarioCheck.StdoutNotApplicable;

    public MessageLedger Ledger => options.Target is null ? Server.Ledger : _targetLedger;

    public IPEndPoint EndPoint => options.Target ?? Server.EndPoint;

    public int Port => EndPoint.Port;

    public LoadOptions Options => options;

    /// <summary>Starts IMPL's server with <c>--backlog</c> <paramref name="backlog"/> and <paramref name="extraArguments"/> (e.g. <c>--concurrency 8</c>); with --target, notes that it is someone else's.</summary>
    public async Task StartAsync(int backlog, ScenarioInitContext context, IReadOnlyList<string>? extraArguments = null)
    {
        if (options.Target is { } target)
        {
            context.AddEvidence("server", $"--target {target}: not started by the runner (backlog, stdout and kernel checks n/a)");
            return;
        }

        _server = await TargetServer.StartAsync(options.ServerPath, backlog, context.CancellationToken, extraArguments).ConfigureAwait(false);
        _logLines = _server.Log.Lines;
        var extra = extraArguments is { Count: > 0 } ? " " + string.Join(' ', extraArguments) : "";
        context.AddEvidence("server", $"{options.ServerPath} --backlog {backlog}{extra} --bind 127.0.0.1 {_server.Port}: pid {_server.Pid}, listening (its socket seen)");
    }

    /// <summary>Gets a client for a copy, created on its first iteration and disposed with the session.</summary>
    public MessageClient ClientFor(ScenarioContext context, ClientSettings settings)
    {
        if (context.CopyState is MessageClient c)
        {
            return c;
        }

        var client = NewClient(settings);
        context.CopyState = client;
        return client;
    }

    public MessageClient NewClient(ClientSettings settings, System.Net.IPEndPoint? target = null)
    {
        var client = new MessageClient(Ledger, target ?? EndPoint, settings, TimeProvider.System);
        _clients.Add(client);
        return client;
    }

    /// <summary>Probe, then check messages [firstId, probe) exactly once; optionally stop the server.</summary>
    public async Task FinishAsync(ScenarioInitContext context, long firstId, ScenarioCheck check, bool stop, IReadOnlySet<long>? exclude = null)
    {
        if (!IsLocal)
        {
            await ProbeTargetAsync(context, check).ConfigureAwait(false);
            return;
        }

        var probeId = Ledger.NextId();
        var time = context.TimeProvider;
        var start = time.GetTimestamp();
        using (var probe = new MessageClient(Ledger, Server.EndPoint, ProbeSettings, time))
        {
            var r = await probe.SendMessageAsync(probeId, 32, context.CancellationToken).ConfigureAwait(false);
            check.ProbeDelivered = r.IsOk && await WaitDeliveredAsync(probeId, time, context.CancellationToken).ConfigureAwait(false) &&
                Ledger.Verify(probeId, probeId + 1).ConfirmedWhole == 1;
            context.AddEvidence("probe", check.ProbeDelivered
                ? $"delivered whole in {time.GetElapsedTime(start).TotalMilliseconds:0.#} ms"
                : $"NOT delivered (client: {r.StatusCode}); server stderr: {Server.Log.Recent}");
        }

        var lines = Server.Log.Lines - _logLines;
        _logLines = Server.Log.Lines;
        if (lines > 0)
        {
            context.AddEvidence("server stderr lines during the scenario", $"{lines}; last: {string.Join(" / ", Server.Log.Last((int)Math.Min(lines, 3)))}");
        }

        check.Delivery = Ledger.Verify(firstId, probeId, exclude);
        context.AddEvidence("delivery", check.Delivery.ToString());
        if (Ledger.StrayBytes > 0)
        {
            context.AddEvidence("stray output bytes", Ledger.StrayBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (stop)
        {
            var code = await Server.StopAsync().ConfigureAwait(false);
            context.AddEvidence("server exit after SIGTERM", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>--target: the probe counts as delivered when the server closes after it (the protocol's confirmation).</summary>
    private async Task ProbeTargetAsync(ScenarioInitContext context, ScenarioCheck check)
    {
        using var probe = new MessageClient(Ledger, EndPoint, ProbeSettings, context.TimeProvider);
        var r = await probe.SendMessageAsync(Ledger.NextId(), 32, context.CancellationToken).ConfigureAwait(false);
        check.ProbeDelivered = r.IsOk;
        context.AddEvidence("probe", r.IsOk ? "confirmed by the server's close (its stdout is not checked: --target)" : $"NOT confirmed (client: {r.StatusCode})");
        context.AddEvidence("delivery", "n/a: --target (the runner does not read that server's stdout)");
    }

    /// <summary>Waits until the parser has seen message <paramref name="id"/> (bounded).</summary>
    public async Task<bool> WaitDeliveredAsync(long id, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(DeliveryWait.TotalSeconds * time.TimestampFrequency);
        while (Ledger.DeliveredCount(id) == 0)
        {
            if (time.GetTimestamp() > deadline || Server.HasExited)
            {
                return Ledger.DeliveredCount(id) > 0;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        while (_clients.TryTake(out var c))
        {
            c.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
    }
}
