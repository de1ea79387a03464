using System.Collections.Concurrent;
using SocketBench.Load.Server;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// One server process shared by a group of scenarios, with the end-of-scenario routine every
/// scenario runs: a probe message that must be delivered whole (the server is alive), then the
/// exactly-once check of the scenario's messages.
/// </summary>
internal sealed class ServerSession(LoadOptions options) : IAsyncDisposable
{
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(15);
    private static readonly ClientSettings ProbeSettings = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.Zero);
    private readonly ConcurrentBag<MessageClient> _clients = [];
    private ServerProcess? _server;
    private long _logLines;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("server not started");

    public MessageLedger Ledger => Server.Ledger;

    public LoadOptions Options => options;

    public async Task StartAsync(int backlog, ScenarioInitContext context)
    {
        _server = await ServerProcess.StartAsync(options.ServerPath, backlog, context.CancellationToken).ConfigureAwait(false);
        _logLines = _server.LogLines;
        context.AddEvidence("server", $"{options.ServerPath} --backlog {backlog} --bind 127.0.0.1 0: pid {_server.Pid}, port {_server.Port}");
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
        var client = new MessageClient(Ledger, target ?? Server.EndPoint, settings, TimeProvider.System);
        _clients.Add(client);
        return client;
    }

    /// <summary>Probe, then check messages [firstId, probe) exactly once; optionally stop the server.</summary>
    public async Task FinishAsync(ScenarioInitContext context, long firstId, ScenarioCheck check, bool stop, IReadOnlySet<long>? exclude = null)
    {
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
                : $"NOT delivered (client: {r.StatusCode}); server stderr: {Server.RecentLog}");
        }

        var lines = Server.LogLines - _logLines;
        _logLines = Server.LogLines;
        if (lines > 0)
        {
            context.AddEvidence("server stderr lines during the scenario", $"{lines}; last: {string.Join(" / ", Server.LastLog((int)Math.Min(lines, 3)))}");
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

/// <summary>What a scenario's clean-up measured, for its thresholds (checked after clean-up).</summary>
internal sealed class ScenarioCheck
{
    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

    public bool ProbeDelivered { get; set; }

    public DeliveryReport? Delivery { get; set; }

    public void Set(string key, double value) => _values[key] = value;

    public double Get(string key) => _values.TryGetValue(key, out var v) ? v : double.NaN;

    public Threshold Probe() => Threshold.Create("probe delivered whole", _ => ProbeDelivered, _ => ProbeDelivered ? "yes" : "no");

    public Threshold ExactlyOnce() =>
        Threshold.Create("confirmed messages in the output exactly once, none duplicated or damaged", _ => Delivery?.ExactlyOnce == true, _ => Delivery?.ToString() ?? "not checked");

    public Threshold Expect(string label, string key, double expected) =>
        Threshold.Create($"{label} == {expected}", _ => Get(key).Equals(expected), _ => Get(key).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
