using System.Globalization;
using SocketBench.Load.Clients;
using SocketBench.Load.Target;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Scenario 5: 16 clients x 64 MiB at once (IterationsForConstant). Every byte must arrive (the ledger's
/// fingerprint per message), and the server's RSS, sampled every 50 ms, must stay flat (peak minus
/// start below a quarter of one message): the server streams, it does not buffer messages.
/// </summary>
internal sealed class LargeMessageScenario(LoadOptions options)
{
    private const int Backlog = 10;
    private static readonly ClientSettings Settings = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.Zero, 1 << 20);
    private readonly ServerSession _session = new(options);
    private readonly ScenarioCheck _check = ScenarioCheck.ForDelivery(options);
    private readonly ScenarioCheck _kernel = ScenarioCheck.ForKernel(options);
    private RssSampler? _rss;
    private long _firstId;

    public Scenario Create()
    {
        var n = options.LargeClients;
        var limit = options.LargeBytes / 4;
        return Scenario.Create("5-large-messages", ctx =>
                _session.ClientFor(ctx, Settings).SendMessageAsync(_session.Ledger.NextId(), options.LargeBytes, ctx.CancellationToken))
            .WithDescription($"{n} clients x {options.LargeBytes >> 20} MiB at once; every byte delivered (fingerprint per message); server RSS flat.")
            .WithLoadSimulations(Simulation.IterationsForConstant(n, n))
            .WithIterationTimeout(TimeSpan.FromSeconds(300))
            .WithInit(InitAsync)
            .WithClean(CleanAsync)
            .WithThresholds(
                Threshold.CountEquals("delivered messages", n, s => s.Ok.Count),
                _check.ExactlyOnce(),
                _check.Probe(),
                _kernel.Create($"server RSS growth < {limit >> 20} MiB", _ => _rss is { StartBytes: > 0 } r && r.GrowthBytes < limit,
                    _ => _rss is { } r ? $"{r.GrowthBytes / (1024.0 * 1024):0.##} MiB ({r.Describe()})" : "not sampled"));
    }

    private async Task InitAsync(ScenarioInitContext ctx)
    {
        await _session.StartAsync(Backlog, ctx).ConfigureAwait(false);
        _firstId = _session.Ledger.Issued;
        if (!_session.IsLocal)
        {
            return;
        }

        _rss = RssSampler.Start(_session.Server, ctx.TimeProvider);
    }

    private async Task CleanAsync(ScenarioInitContext ctx)
    {
        if (_rss is null)
        {
            await _session.FinishAsync(ctx, _firstId, _check, stop: true).ConfigureAwait(false);
            return;
        }

        await _rss.DisposeAsync().ConfigureAwait(false);
        ctx.AddEvidence("server RSS", _rss.Describe());
        ctx.AddEvidence("server output read", _session.Server.OutputBytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
        await _session.FinishAsync(ctx, _firstId, _check, stop: true).ConfigureAwait(false);
    }
}
