using System.Globalization;
using SocketBench.Load.Clients;
using SocketBench.Load.Target;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Scenario 5: 16 clients x 64 MiB at once (IterationsForConstant). Every byte must arrive (SHA-256
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
    private CancellationTokenSource? _sampling;
    private Task? _sampler;
    private long _firstId;
    private long _rssStart;
    private long _rssPeak;

    public Scenario Create()
    {
        var n = options.LargeClients;
        var limit = options.LargeBytes / 4;
        return Scenario.Create("5-large-messages", ctx =>
                _session.ClientFor(ctx, Settings).SendMessageAsync(_session.Ledger.NextId(), options.LargeBytes, ctx.CancellationToken))
            .WithDescription($"{n} clients x {options.LargeBytes >> 20} MiB at once; every byte delivered (SHA-256 per message); server RSS flat.")
            .WithLoadSimulations(Simulation.IterationsForConstant(n, n))
            .WithIterationTimeout(TimeSpan.FromSeconds(300))
            .WithInit(InitAsync)
            .WithClean(CleanAsync)
            .WithThresholds(
                Threshold.CountEquals("delivered messages", n, s => s.Ok.Count),
                _check.ExactlyOnce(),
                _check.Probe(),
                _kernel.Create($"server RSS growth < {limit >> 20} MiB", _ => _rssStart > 0 && _rssPeak - _rssStart < limit,
                    _ => $"{(_rssPeak - _rssStart) / (1024.0 * 1024):0.##} MiB (start {_rssStart >> 20} MiB, peak {_rssPeak >> 20} MiB)"));
    }

    private async Task InitAsync(ScenarioInitContext ctx)
    {
        await _session.StartAsync(Backlog, ctx).ConfigureAwait(false);
        _firstId = _session.Ledger.Issued;
        if (!_session.IsLocal)
        {
            return;
        }

        _rssStart = _rssPeak = _session.Server.ResidentBytes ?? -1;
        _sampling = new CancellationTokenSource();
        _sampler = SampleAsync(ctx.TimeProvider, _sampling.Token);
    }

    private async Task SampleAsync(TimeProvider time, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                _rssPeak = Math.Max(_rssPeak, _session.Server.ResidentBytes ?? -1);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CleanAsync(ScenarioInitContext ctx)
    {
        if (_sampling is null || _sampler is null)
        {
            await _session.FinishAsync(ctx, _firstId, _check, stop: true).ConfigureAwait(false);
            return;
        }

        await _sampling.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        _sampling.Dispose();
        ctx.AddEvidence("server RSS", $"start {_rssStart / 1024.0 / 1024:0.0} MiB, peak {_rssPeak / 1024.0 / 1024:0.0} MiB");
        ctx.AddEvidence("server output read", _session.Server.OutputBytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
        await _session.FinishAsync(ctx, _firstId, _check, stop: true).ConfigureAwait(false);
    }
}
