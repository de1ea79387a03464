using SocketBench.Load.Server;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Scenario 4 (open model, Inject): short messages at R per second, then at 2R, with a 500 ms connect
/// timeout and a 2 s iteration timeout (ACK-race victims would otherwise wait on the SYN-ACK ladder).
/// Drops (in-flight cap), connect timeouts and close timeouts are reported, not hidden; every
/// message a client reports delivered must be in the server's output exactly once, and nothing twice.
/// </summary>
internal sealed class OpenModelScenarios(LoadOptions options)
{
    private const int Backlog = 10;
    private const int MaxInFlight = 256;
    private static readonly ClientSettings Settings = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.Zero);
    private readonly ServerSession _session = new(options);
    private readonly ScenarioCheck _base = new();
    private readonly ScenarioCheck _double = new();
    private long _firstId;

    public IEnumerable<Scenario> Create()
    {
        yield return Build("4-open-rate-r", 1, _base, first: true)
            .WithThresholds(Threshold.FailPercentBelow(1), Threshold.CountEquals("dropped at the in-flight cap", 0, s => s.Dropped), Threshold.P99Below(500));
        yield return Build("4-open-rate-2r", 2, _double, first: false);
    }

    private Scenario Build(string name, int multiple, ScenarioCheck check, bool first)
    {
        var perSecond = options.Rate * multiple;
        return Scenario.Create(name, IterationAsync)
            .WithDescription($"Inject {(multiple == 1 ? "R" : "2R")} = {perSecond} short messages per second for {options.PhaseDuration.TotalSeconds:0.#} s, spread uniformly in each second; " +
                $"connect timeout 500 ms, iteration timeout 2 s, in-flight cap {MaxInFlight} (refusals counted as dropped).")
            .WithLoadSimulations(Simulation.Inject(perSecond, TimeSpan.FromSeconds(1), options.PhaseDuration))
            .WithMaxInFlight(MaxInFlight)
            .WithIterationTimeout(TimeSpan.FromSeconds(2))
            .WithInit(async ctx =>
            {
                if (first)
                {
                    await _session.StartAsync(Backlog, ctx).ConfigureAwait(false);
                }

                _firstId = _session.Ledger.Issued;
            })
            .WithClean(ctx => _session.FinishAsync(ctx, _firstId, check, stop: !first))
            .WithThresholds(
                Threshold.Create("every failure is a timeout or a reset", s => s.StatusCodes.Keys.All(IsExpected), s => string.Join(", ", s.StatusCodes.Select(kv => $"{kv.Key}={kv.Value}"))),
                check.ExactlyOnce(),
                check.Probe());
    }

    private static bool IsExpected(string status) =>
        status is StatusCodes.Ok or StatusCodes.ConnectTimeout or StatusCodes.CloseTimeout or StatusCodes.Timeout or StatusCodes.Reset;

    private ValueTask<Response> IterationAsync(ScenarioContext ctx) =>
        _session.ClientFor(ctx, Settings).SendMessageAsync(_session.Ledger.NextId(), options.ShortBody, ctx.CancellationToken);
}
