using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SocketBench.Load.Clients;
using SocketBench.Load.Target;
using SocketBench.Processes;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Scenarios 1 and 2 for one backlog B, sharing one server.
/// 1 (capacity): a slow client holds the sequential server (accepted, mid-message); then
/// N = B+1+K clients connect 5 ms apart. Once the last connect is issued the kernel is asked, at
/// that moment, where each client is (<see cref="QueueJudgement"/>, from /proc/net/tcp): exactly
/// B+1 are queued (the server side of their connection is ESTABLISHED, not yet accepted: Linux's
/// accept queue holds backlog+1), K are in SYN-SENT (their SYNs were dropped: ListenOverflows grows
/// by at least K), and the LISTEN row's rx_queue reads B+1.
/// 2 (recovery): the slow client finishes; every queued and waiting client then delivers its
/// message with no error, the queued ones in accept order; the waiting ones get in on SYN retransmits.
/// Both scenarios leave a per-client trace (connect issued, handshake done, served) for the timeline plot.
/// </summary>
internal sealed class ListenQueueScenarios
{
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan JudgeWithin = TimeSpan.FromSeconds(5);

    /// <summary>How often the kernel's view is read while waiting for it to settle (it moves within milliseconds).</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(2);

    private static readonly TimeSpan RecoveryConnect = TimeSpan.FromSeconds(30);
    private static readonly ClientSettings Settings = new(RecoveryConnect, TimeSpan.FromSeconds(15), TimeSpan.Zero);
    private readonly ServerSession _session;
    private readonly int _backlog;
    private readonly int _extra;
    private readonly QueuedClient[] _clients;
    private readonly ScenarioCheck _capacity;
    private readonly ScenarioCheck _recovery;
    private readonly TaskCompletionSource<QueueJudgement> _judged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SlowClient? _slow;
    private long _firstId;
    private long _origin;
    private int _next;
    private long _overflowsBefore;

    public ListenQueueScenarios(LoadOptions options, int backlog)
    {
        _session = new ServerSession(options);
        _backlog = backlog;
        _extra = Math.Min(options.Extra, backlog + 1);
        _clients = new QueuedClient[backlog + 1 + _extra];
        _capacity = ScenarioCheck.ForKernel(options);
        _recovery = ScenarioCheck.ForDelivery(options);
    }

    private int N => _clients.Length;

    public IEnumerable<Scenario> Create()
    {
        var b = _backlog;
        yield return Scenario.Create($"1-listen-queue-b{b}", CapacityIterationAsync)
            .WithDescription($"Server held by a slow client; {N} = B+1+K clients connect 5 ms apart. When the last connect is issued, /proc/net/tcp says where each client is: " +
                $"expect exactly B+1 = {b + 1} queued (server side ESTABLISHED, not accepted; the LISTEN row's rx_queue) and K = {_extra} in SYN-SENT (SYNs dropped: ListenOverflows +K at least).")
            .WithLoadSimulations(Simulation.IterationsForConstant(N, N))
            .WithInit(InitCapacityAsync)
            .WithClean(CleanCapacityAsync)
            .WithThresholds(
                _capacity.Expect("clients queued (server side ESTABLISHED in /proc/net/tcp) (B+1)", "queued", b + 1),
                _capacity.Expect("clients in SYN-SENT in /proc/net/tcp (K)", "waiting", _extra),
                _capacity.Expect("accept queue length, rx_queue of the LISTEN row (B+1)", "rx_queue", b + 1),
                _capacity.AtLeast("TcpExt ListenOverflows delta (K)", "overflows", _extra),
                Threshold.CountEquals("connect errors", 0, s => s.Fail.Count));
        yield return Scenario.Create($"2-recovery-b{b}", RecoveryIterationAsync)
            .WithDescription("The slow client finishes; all queued and waiting clients deliver their message, the queued ones in accept order, with no errors.")
            .WithLoadSimulations(Simulation.IterationsForConstant(N, N))
            .WithInit(InitRecoveryAsync)
            .WithClean(CleanRecoveryAsync)
            .WithThresholds(
                Threshold.CountEquals("failed clients", 0, s => s.Fail.Count),
                Threshold.CountEquals("delivered clients", N, s => s.Ok.Count),
                _recovery.Expect("queued clients served in accept order (1 = yes)", "in_order", 1),
                _recovery.ExactlyOnce(),
                _recovery.Probe());
    }

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
            _clients[i] = new QueuedClient(i, ledger.NextId(), socket);
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
    private async Task<string?> ConnectAsync(QueuedClient c, TimeProvider time)
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

    /// <summary>Per-client times in seconds since the first connect; scenario 1 stops at the judgement, scenario 2 adds the rest.</summary>
    private void AddTraces(ScenarioInitContext context, bool judged)
    {
        var time = context.TimeProvider;
        var cut = judged && _judged.Task.IsCompletedSuccessfully ? _judged.Task.Result.At : long.MaxValue;
        double? Since(long t) => t == 0 || t > cut ? null : time.GetElapsedTime(_origin, t).TotalSeconds;
        foreach (var c in _clients.Where(c => c.Started != 0))
        {
            var handshake = c.Connect is { IsCompletedSuccessfully: true, Result: null } ? Since(c.Connected) : null;
            context.AddClientTrace(new ClientTrace(c.Index, c.State, Since(c.Started) ?? 0, handshake, judged ? null : Since(c.Served)));
        }
    }

    private sealed class QueuedClient(int index, long id, Socket socket)
    {
        public int Index { get; } = index;

        public long Id { get; } = id;

        public Socket Socket { get; } = socket;

        public int LocalPort { get; } = ((IPEndPoint)socket.LocalEndPoint!).Port;

        public long Started { get; set; }

        public long Connected { get; set; }

        public long Served { get; set; }

        public string State { get; set; } = "not judged";

        public Task<string?>? Connect { get; set; }

        /// <summary>Gets the signal that this client's connect has been issued (the next client may go).</summary>
        public TaskCompletionSource Issued { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
