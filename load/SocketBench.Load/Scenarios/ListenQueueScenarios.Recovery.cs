using SocketBench.Load.Target;

namespace SocketBench.Load.Scenarios;

/// <summary>Scenario 2 (recovery): release the slow client; every queued and waiting client delivers, the queued ones in accept order.</summary>
internal sealed partial class ListenQueueScenarios
{
    private async Task InitRecoveryAsync(ScenarioInitContext context)
    {
        _next = 0;
        var delivered = await _slow!.FinishAsync(context.CancellationToken).ConfigureAwait(false);
        context.AddEvidence("slow client", delivered ? "released: finished its message, server closed" : "released but the close was NOT seen");
    }

    private async ValueTask<Response> RecoveryIterationAsync(ScenarioContext ctx)
    {
        var c = _clients[Interlocked.Increment(ref _next) - 1];
        var failure = c.Connect is null ? "not_started" : await c.Connect.ConfigureAwait(false);
        if (failure is not null)
        {
            _session.Ledger.Finish(c.Id, MessageLedger.Outcome.FailedBeforeSend);
            return Response.Fail(failure);
        }

        var response = await _session.ClientFor(ctx, Settings).DeliverAsync(c.Socket, c.Id, _session.Options.ShortBody, ctx.CancellationToken).ConfigureAwait(false);
        c.Served = ctx.TimeProvider.GetTimestamp();
        return response;
    }

    private async Task CleanRecoveryAsync(ScenarioInitContext context)
    {
        var time = context.TimeProvider;
        var queued = _clients.Where(c => c.State == QueueJudgement.Queued).OrderBy(c => c.Index).ToList();
        var late = _clients.Except(queued).Where(c => c.Connect is { IsCompletedSuccessfully: true, Result: null }).ToList();
        if (_session.IsLocal)
        {
            var positions = _session.Ledger.DeliveryPositions(queued.Select(c => c.Id));
            var order = queued.Select(c => positions.TryGetValue(c.Id, out var p) ? p : -1).ToList();
            var inOrder = order.All(p => p >= 0) && order.Zip(order.Skip(1)).All(p => p.First < p.Second);
            _recovery.Set("in_order", inOrder ? 1 : 0);
            context.AddEvidence("queued clients in SYN order (5 ms apart) -> position in the server's output", string.Join(", ", queued.Select((c, i) => $"{c.Index}->{order[i]}")));
        }

        if (late.Count > 0)
        {
            context.AddEvidence("waiting clients connected after (SYN retransmits)",
                string.Join(", ", late.Select(c => $"{c.Index}: {time.GetElapsedTime(c.Started, c.Connected).TotalSeconds:0.00} s")));
        }

        AddTraces(context, judged: false);
        foreach (var c in _clients)
        {
            c.Socket.Dispose();
        }

        await _session.FinishAsync(context, _firstId, _recovery, stop: true).ConfigureAwait(false);
        _slow?.Dispose();
    }
}
