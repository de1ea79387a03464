using System.Globalization;
using SocketBench.Load.Clients;

namespace SocketBench.Load.Scenarios;

/// <summary>One run of scenario 7 against its own server.</summary>
internal sealed class StalledClientRun(LoadOptions options, string name, IReadOnlyList<string>? serverArguments, StalledClientScenarios.Expect expect, string? note)
{
    private static readonly ClientSettings FastSettings = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.Zero);
    private readonly ServerSession _session = new(options);
    private readonly ScenarioCheck _check = ScenarioCheck.ForDelivery(options);
    private readonly ScenarioCheck _kernel = ScenarioCheck.ForKernel(options);
    private RssSampler? _rss;
    private SlowClient? _stalled;
    private Task<bool>? _release;
    private readonly System.Collections.Concurrent.ConcurrentQueue<ArrivalLatency> _arrivals = new();
    private bool _stalledDelivered;
    private long _firstId;
    private long _origin;

    private double HalfStallMs => options.Stall.TotalMilliseconds / 2;

    public Scenario Build()
    {
        var stall = options.Stall.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var server = serverArguments is null ? "the server as the spec has it (sequential)" : $"the server with {string.Join(' ', serverArguments)}";
        var scenario = Scenario.Create(name, IterationAsync)
            .WithDescription($"One client sends half of {StalledClientScenarios.StallBody / 1024} KiB and stalls for {stall} s from the start of the fast stream, then finishes; meanwhile " +
                $"{StalledClientScenarios.FastRate} fast clients per second send {options.ShortBody}-byte messages for {options.PhaseDuration.TotalSeconds:0.#} s (open model; latency from the scheduled start). Against {server}.")
            .WithLoadSimulations(Simulation.Inject(StalledClientScenarios.FastRate, TimeSpan.FromSeconds(1), options.PhaseDuration))
            .WithIterationTimeout(options.Stall + TimeSpan.FromSeconds(15))
            .WithInit(InitAsync)
            .WithClean(CleanAsync)
            .WithThresholds(
                Threshold.CountEquals("failures", 0, s => s.Fail.Count),
                _check.ExactlyOnce(),
                _check.Probe(),
                _check.Create("the stalled client's message confirmed", _ => _stalledDelivered, _ => _stalledDelivered ? "yes" : "no"),
                _kernel.Create($"server RSS growth < {StalledClientScenarios.RssLimitBytes >> 20} MiB", _ => _rss is { StartBytes: > 0 } r && r.GrowthBytes < StalledClientScenarios.RssLimitBytes,
                    _ => _rss is { } r ? $"{r.GrowthBytes / (1024.0 * 1024):0.##} MiB ({r.Describe()})" : "not sampled"));
        return expect switch
        {
            StalledClientScenarios.Expect.HeadOfLineBlocking => scenario.WithThresholds(Threshold.Create(
                $"fast p99 >= {HalfStallMs:0} ms (half the stall: the stalled client holds the sequential server)",
                s => s.Ok.Response.Count > 0 && s.Ok.Response.P(99) >= HalfStallMs,
                s => s.Ok.Response.Count == 0 ? "no ok requests" : $"{s.Ok.Response.P(99):0.###} ms")),
            StalledClientScenarios.Expect.NotHeld => scenario.WithThresholds(Threshold.PercentileBelow(99, HalfStallMs)),
            _ => scenario,
        };
    }

    private async Task InitAsync(ScenarioInitContext ctx)
    {
        await _session.StartAsync(StalledClientScenarios.Backlog, ctx, serverArguments).ConfigureAwait(false);
        _firstId = _session.Ledger.Issued;
        if (_session.IsLocal)
        {
            _rss = RssSampler.Start(_session.Server, ctx.TimeProvider);
        }

        if (note is not null)
        {
            ctx.AddEvidence("note", note);
        }

        _stalled = new SlowClient(_session.EndPoint, _session.Ledger, _session.Ledger.NextId(), StalledClientScenarios.StallBody);
        await _stalled.StartAsync(ctx.CancellationToken).ConfigureAwait(false);

        // The fast stream starts when init returns: the stall is timed from here.
        _origin = ctx.TimeProvider.GetTimestamp();
        _release = ReleaseAsync(_stalled, ctx.TimeProvider, ctx.CancellationToken);
        ctx.AddEvidence("stalled client", $"connected and sent half of {StalledClientScenarios.StallBody / 1024} KiB; released after {options.Stall.TotalSeconds:0.#} s");
    }

    private async Task<bool> ReleaseAsync(SlowClient stalled, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Stall, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The run was stopped: finish the message anyway, so it is not counted lost.
        }

        return await stalled.FinishAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask<Response> IterationAsync(ScenarioContext ctx)
    {
        var response = await _session.ClientFor(ctx, FastSettings).SendMessageAsync(_session.Ledger.NextId(), options.ShortBody, ctx.CancellationToken).ConfigureAwait(false);
        var time = ctx.TimeProvider;
        var at = (double)(ctx.ScheduledTimestamp - _origin) / time.TimestampFrequency;
        _arrivals.Enqueue(new ArrivalLatency(at, time.GetElapsedTime(ctx.ScheduledTimestamp).TotalMilliseconds, response.IsOk));
        return response;
    }

    private async Task CleanAsync(ScenarioInitContext ctx)
    {
        try
        {
            if (_release is not null)
            {
                _stalledDelivered = await _release.ConfigureAwait(false);
                ctx.AddEvidence("stalled client finished", _stalledDelivered ? "the server closed after its message" : "NOT confirmed by the server's close");
            }

            foreach (var arrival in _arrivals)
            {
                ctx.AddArrival(arrival);
            }

            if (_rss is not null)
            {
                await _rss.DisposeAsync().ConfigureAwait(false);
                ctx.AddEvidence("server RSS", _rss.Describe());
            }

            await _session.FinishAsync(ctx, _firstId, _check, stop: true).ConfigureAwait(false);
        }
        finally
        {
            _stalled?.Dispose();
        }
    }
}
