using System.Net;
using SocketBench.Load.Clients;
using SocketBench.Processes;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Scenario 6: slow clients through the fault proxy (upstream bandwidth 64 KB/s and latency
/// 50 ± 10 ms) mixed with fast clients straight to the server, in one closed-model scenario
/// (KeepConstant). The sequential server is held by each slow transfer, so the fast clients wait,
/// but nothing may be lost and nothing may hang past its deadline (every bound is 20 s, the run's
/// thresholds demand zero failures and zero cancellations). Behind a Toxiproxy-style proxy the
/// close a slow client sees is the proxy's, not the server's: the exactly-once check after the
/// probe is what proves delivery.
/// </summary>
internal sealed class SlowClientScenario(LoadOptions options)
{
    private const int Backlog = 10;
    private const int SlowCopies = 2;
    private const int FastCopies = 4;
    private const int SlowBody = 32 * 1024;
    private const string Proxy = "socketbench-load-slow";
    private static readonly ClientSettings Settings = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), TimeSpan.Zero);
    private readonly ServerSession _session = new(options);
    private readonly ScenarioCheck _check = ScenarioCheck.ForDelivery(options);
    private FaultProxy? _proxy;
    private IPEndPoint? _proxyEndPoint;
    private long _firstId;

    public IEnumerable<Scenario> Create()
    {
        yield return Scenario.Create("6-slow-clients-via-proxy", IterationAsync)
            .WithDescription($"{SlowCopies} slow copies send {SlowBody / 1024} KiB through the proxy (upstream bandwidth 64 KB/s, latency 50 ± 10 ms) while {FastCopies} fast copies " +
                "send short messages straight to the server. The fast ones wait behind the slow ones; nothing is lost, nothing outlives its 20 s bound.")
            .WithLoadSimulations(Simulation.KeepConstant(SlowCopies + FastCopies, options.PhaseDuration))
            .WithIterationTimeout(TimeSpan.FromSeconds(30))
            .WithInit(InitAsync)
            .WithClean(CleanAsync)
            .WithThresholds(
                Threshold.CountEquals("failures", 0, s => s.Fail.Count),
                Threshold.CountEquals("cancelled (hung past the completion timeout)", 0, s => s.Cancelled),
                Threshold.Create("slow and fast messages both delivered", s => s.Steps.All(st => st.Ok.Count > 0) && s.Steps.Count == 2,
                    s => string.Join(", ", s.Steps.Select(st => $"{st.Name}: {st.Ok.Count}"))),
                _check.ExactlyOnce(),
                _check.Probe());
    }

    private async Task InitAsync(ScenarioInitContext ctx)
    {
        await _session.StartAsync(Backlog, ctx).ConfigureAwait(false);
        _firstId = _session.Ledger.Issued;
        var url = options.ToxiproxyUrl ?? ToxiproxyClient.ParseUrl(Environment.GetEnvironmentVariable(ToxiproxyClient.UrlVariable));
        _proxy = await FaultProxy.StartAsync(Path.Combine(options.Root, "bin", "toxiproxy-server"), url, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
        var name = $"{Proxy}-{Environment.ProcessId}";
        var proxy = await _proxy.CreateProxyAsync(name, _session.EndPoint, ctx.CancellationToken).ConfigureAwait(false);
        _proxyEndPoint = FaultProxy.EndPointOf(proxy);
        await proxy.AddToxicAsync(new BandwidthToxic { Name = "slow_bandwidth", Stream = ToxicStream.Upstream, RateKilobytesPerSecond = 64 }, ctx.CancellationToken).ConfigureAwait(false);
        await proxy.AddToxicAsync(new LatencyToxic { Name = "slow_latency", Stream = ToxicStream.Upstream, LatencyMilliseconds = 50, JitterMilliseconds = 10 }, ctx.CancellationToken).ConfigureAwait(false);
        ctx.AddEvidence("fault proxy", $"{_proxy.Api} proxy {name}: {_proxyEndPoint} -> {_session.EndPoint}, upstream bandwidth 64 KB/s + latency 50 ± 10 ms");
    }

    private ValueTask<Response> IterationAsync(ScenarioContext ctx) =>
        ctx.CopyNumber < SlowCopies
            ? Step.Run("slow via proxy", ctx, this, static (self, ctx) => self.SendAsync(ctx, self._proxyEndPoint!, SlowBody))
            : Step.Run("fast direct", ctx, this, static (self, ctx) => self.SendAsync(ctx, self._session.EndPoint, self._session.Options.ShortBody));

    private ValueTask<Response> SendAsync(ScenarioContext ctx, IPEndPoint target, int body)
    {
        if (ctx.CopyState is not MessageClient client)
        {
            client = _session.NewClient(Settings, target);
            ctx.CopyState = client;
        }

        return client.SendMessageAsync(_session.Ledger.NextId(), body, ctx.CancellationToken);
    }

    private async Task CleanAsync(ScenarioInitContext ctx)
    {
        try
        {
            await _session.FinishAsync(ctx, _firstId, _check, stop: true).ConfigureAwait(false);
        }
        finally
        {
            if (_proxy is not null)
            {
                await _proxy.DisposeAsync().ConfigureAwait(false);
            }
        }

        ctx.AddEvidence("note", "behind the proxy a slow client's close is the proxy's; delivery is proven by the exactly-once check of the server's output after the probe");
    }
}
