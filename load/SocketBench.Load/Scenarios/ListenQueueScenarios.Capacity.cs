using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SocketBench.Processes;

namespace SocketBench.Load.Scenarios;

/// <summary>Scenario 1 (capacity): hold the server, connect B+1+K clients 5 ms apart, take the kernel's view at the last connect.</summary>
internal sealed partial class ListenQueueScenarios
{
    private async Task InitCapacityAsync(ScenarioInitContext context)
    {
        await _session.StartAsync(_backlog, context).ConfigureAwait(false);
        var ledger = _session.Ledger;
        var endPoint = _session.EndPoint;
        _firstId = ledger.Issued;
        _slow = new SlowClient(endPoint, ledger, ledger.NextId(), 4096);
        for (var i = 0; i < N; i++)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
            _clients[i] = new ListenQueueClient(i, ledger.NextId(), socket);
        }

        await _slow.StartAsync(context.CancellationToken).ConfigureAwait(false);
        if (_session.IsLocal)
        {
            var accepted = await Poll.UntilAsync(() => _session.Server.AcceptQueue == 0, TimeSpan.FromSeconds(5), PollEvery, context.CancellationToken, context.TimeProvider).ConfigureAwait(false);
            context.AddEvidence("slow client", accepted ? "accepted by the server (rx_queue back to 0), holding it mid-message" : "NOT seen accepted within 5 s");
        }

        _overflowsBefore = NetStat.ListenOverflows();
    }

    /// <summary>
    /// Client i issues its connect 5 ms after client i-1 issued its own (a chain, not independent
    /// timers, so SYN order is index order even when the thread pool is late). The last one then
    /// takes the kernel's view; every client reports the state the kernel gave it.
    /// </summary>
    private async ValueTask<Response> CapacityIterationAsync(ScenarioContext ctx)
    {
        var c = _clients[Interlocked.Increment(ref _next) - 1];
        try
        {
            if (c.Index > 0)
            {
                await _clients[c.Index - 1].Issued.Task.WaitAsync(TimeSpan.FromSeconds(10), ctx.TimeProvider, ctx.CancellationToken).ConfigureAwait(false);
                await Task.Delay(Stagger, ctx.TimeProvider, ctx.CancellationToken).ConfigureAwait(false);
            }

            return await Step.Run("connect, state at judgement", ctx, (this, c), static async (state, ctx) =>
            {
                var (self, c) = state;
                var time = ctx.TimeProvider;
                c.Started = time.GetTimestamp();
                if (c.Index == 0)
                {
                    self._origin = c.Started;
                }

                c.Connect = self.ConnectAsync(c, time);
                c.Issued.TrySetResult();
                if (c.Index == self.N - 1)
                {
                    self._judged.TrySetResult(await self.JudgeAsync(time, ctx.CancellationToken).ConfigureAwait(false));
                }

                var judgement = await self._judged.Task.WaitAsync(JudgeWithin * 2, time, ctx.CancellationToken).ConfigureAwait(false);
                if (c.Connect is { IsCompleted: true, Result: { } error })
                {
                    return Response.Fail(error);
                }

                c.State = judgement.StateOf(c.LocalPort);
                return c.State is QueueJudgement.Queued or QueueJudgement.Waiting or QueueJudgement.NotJudged ? Response.Ok(c.State) : Response.Fail(c.State);
            }).ConfigureAwait(false);
        }
        finally
        {
            c.Issued.TrySetResult();
        }
    }

    /// <summary>The moment of judgement: every client's row is ESTABLISHED or SYN-SENT (bounded wait), or n/a without a local server.</summary>
    private async Task<QueueJudgement> JudgeAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        if (!_session.IsLocal)
        {
            return QueueJudgement.NotApplicable;
        }

        var ports = _clients.Select(c => c.LocalPort).ToArray();
        var judgement = QueueJudgement.Take(_session.Port, ports, time.GetTimestamp());
        await Poll.UntilAsync(() => (judgement = QueueJudgement.Take(_session.Port, ports, time.GetTimestamp())).Settled, JudgeWithin, PollEvery, cancellationToken, time).ConfigureAwait(false);
        judgement.Overflows = NetStat.ListenOverflows() - _overflowsBefore;
        return judgement;
    }

    /// <summary>One client's connect, left running past the judgement (bounded by 30 s) so scenario 2 can finish it.</summary>
    private async Task<string?> ConnectAsync(ListenQueueClient c, TimeProvider time)
    {
        using var bound = new CancellationTokenSource(RecoveryConnect, time);
        try
        {
            await c.Socket.ConnectAsync(_session.EndPoint, bound.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            return StatusCodes.ConnectTimeout;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode == SocketError.ConnectionRefused ? StatusCodes.Refused : "connect_" + ex.SocketErrorCode.ToString().ToLowerInvariant();
        }
        finally
        {
            c.Connected = time.GetTimestamp();
        }
    }

    private Task CleanCapacityAsync(ScenarioInitContext context)
    {
        context.AddEvidence("B (listen backlog)", _backlog.ToString(CultureInfo.InvariantCulture));
        if (!_judged.Task.IsCompletedSuccessfully || !_session.IsLocal)
        {
            context.AddEvidence("kernel view", _session.IsLocal ? "NOT taken (the last client never connected)" : "n/a: --target (the server is not this runner's)");
            AddTraces(context, judged: true);
            return Task.CompletedTask;
        }

        var j = _judged.Task.Result;
        _capacity.Set("queued", j.QueuedCount);
        _capacity.Set("waiting", j.WaitingCount);
        _capacity.Set("rx_queue", j.AcceptQueue ?? -1);
        _capacity.Set("overflows", j.Overflows);
        context.AddEvidence("accept queue (rx_queue of the LISTEN row, /proc/net/tcp)", j.AcceptQueue?.ToString(CultureInfo.InvariantCulture) ?? "LISTEN row not found");
        context.AddEvidence("clients queued at judgement (server side ESTABLISHED)", $"{j.QueuedCount} of {N} (clients {string.Join(",", _clients.Where(c => c.State == QueueJudgement.Queued).Select(c => c.Index))})");
        context.AddEvidence("clients in SYN-SENT at judgement", $"{j.WaitingCount} (clients {string.Join(",", _clients.Where(c => c.State == QueueJudgement.Waiting).Select(c => c.Index))})");
        context.AddEvidence("judged", $"{context.TimeProvider.GetElapsedTime(_origin, j.At).TotalMilliseconds:0.#} ms after the first connect; {(j.Settled ? "every client ESTABLISHED or SYN-SENT" : "NOT settled within 5 s")}");
        context.AddEvidence("TcpExt ListenOverflows delta (namespace-wide, >= K expected)", j.Overflows.ToString(CultureInfo.InvariantCulture));
        AddTraces(context, judged: true);
        return Task.CompletedTask;
    }
}
