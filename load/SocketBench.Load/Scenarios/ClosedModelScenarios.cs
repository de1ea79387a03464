using System.Globalization;
using SocketBench.Load.Server;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Scenario 3 (closed model, KeepConstant): B+1 copies each sending a short message per iteration,
/// then 2B copies. B+1 copies never overflow the accept queue (one served + B queued); 2B do, and
/// the overflow costs SYN retransmits (1 s and more), so p99 must grow, with zero failures and zero
/// lost messages. Connect is bounded at 30 s so starved copies wait rather than fail.
/// </summary>
internal sealed class ClosedModelScenarios(LoadOptions options, Action<double> okRpsAtQueueSize)
{
    private const int Backlog = 10;
    private static readonly ClientSettings Settings = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), TimeSpan.Zero);
    private readonly ServerSession _session = new(options);
    private readonly ScenarioCheck _small = new();
    private readonly ScenarioCheck _large = new();
    private long _firstId;
    private double _p99Small = double.NaN;

    public IEnumerable<Scenario> Create()
    {
        const int b = Backlog;
        yield return Scenario.Create($"3-closed-{b + 1}-copies", IterationAsync)
            .WithDescription($"KeepConstant(B+1 = {b + 1}) against backlog {b}: the queue never overflows. Short messages, connect, send, half-close, wait for the close.")
            .WithLoadSimulations(Simulation.KeepConstant(b + 1, options.PhaseDuration))
            .WithIterationTimeout(TimeSpan.FromSeconds(45))
            .WithInit(async ctx =>
            {
                await _session.StartAsync(b, ctx).ConfigureAwait(false);
                _firstId = _session.Ledger.Issued;
            })
            .WithClean(ctx => FinishAsync(ctx, _small, stop: false))
            .WithThresholds(
                Threshold.CountEquals("failures", 0, s => s.Fail.Count),
                Threshold.CountEquals("cancelled", 0, s => s.Cancelled),
                Threshold.Create("p99 reported", s =>
                {
                    _p99Small = s.Ok.Response.Count > 0 ? s.Ok.Response.P(99) : double.NaN;
                    okRpsAtQueueSize(s.Ok.Rps);
                    return !double.IsNaN(_p99Small);
                }, s => s.Ok.Response.Count > 0 ? $"{s.Ok.Response.P(99):0.###} ms" : "none"),
                _small.ExactlyOnce(),
                _small.Probe());
        yield return Scenario.Create($"3-closed-{2 * b}-copies", IterationAsync)
            .WithDescription($"KeepConstant(2B = {2 * b}) against backlog {b}: the accept queue overflows, dropped SYNs are retransmitted after 1 s and more.")
            .WithLoadSimulations(Simulation.KeepConstant(2 * b, options.PhaseDuration))
            .WithIterationTimeout(TimeSpan.FromSeconds(45))
            .WithInit(_ =>
            {
                _firstId = _session.Ledger.Issued;
                return Task.CompletedTask;
            })
            .WithClean(ctx => FinishAsync(ctx, _large, stop: true))
            .WithThresholds(
                Threshold.CountEquals("failures", 0, s => s.Fail.Count),
                Threshold.CountEquals("cancelled", 0, s => s.Cancelled),
                Threshold.Create($"p99 grows beyond the {b + 1}-copy p99", s => s.Ok.Response.Count > 0 && s.Ok.Response.P(99) > _p99Small,
                    s => s.Ok.Response.Count > 0 ? $"{s.Ok.Response.P(99):0.###} ms vs {_p99Small:0.###} ms" : "none"),
                _large.ExactlyOnce(),
                _large.Probe());
    }

    private ValueTask<Response> IterationAsync(ScenarioContext ctx) =>
        _session.ClientFor(ctx, Settings).SendMessageAsync(_session.Ledger.NextId(), options.ShortBody, ctx.CancellationToken);

    private async Task FinishAsync(ScenarioInitContext ctx, ScenarioCheck check, bool stop)
    {
        var overflows = ProcNet.ListenOverflows();
        await _session.FinishAsync(ctx, _firstId, check, stop).ConfigureAwait(false);
        ctx.AddEvidence("TcpExt ListenOverflows at the end (namespace-wide)", overflows.ToString(CultureInfo.InvariantCulture));
    }
}
