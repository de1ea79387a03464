using System.Globalization;
using System.Net.Sockets;
using SocketBench.Load.Server;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Scenarios 1 and 2 for one backlog B, sharing one server.
/// 1 (capacity): a slow client holds the sequential server (accepted, mid-message); then
/// N = B+1+K clients connect 5 ms apart, each watched for 500 ms: exactly B+1 complete the handshake
/// (Linux's accept queue holds backlog+1), K stay in SYN-SENT; the LISTEN row's rx_queue in
/// /proc/net/tcp reads B+1.
/// 2 (recovery): the slow client finishes; every queued and waiting client then delivers its
/// message with no error, the queued ones in accept order; the waiting ones get in on SYN retransmits.
/// </summary>
internal sealed class ListenQueueScenarios
{
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Watch = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RecoveryConnect = TimeSpan.FromSeconds(30);
    private static readonly ClientSettings Settings = new(RecoveryConnect, TimeSpan.FromSeconds(15), TimeSpan.Zero);
    private readonly ServerSession _session;
    private readonly int _backlog;
    private readonly int _extra;
    private readonly QueuedClient[] _clients;
    private readonly ScenarioCheck _capacity = new();
    private readonly ScenarioCheck _recovery = new();
    private SlowClient? _slow;
    private long _firstId;
    private int _next;
    private long _overflowsBefore;

    public ListenQueueScenarios(LoadOptions options, int backlog)
    {
        _session = new ServerSession(options);
        _backlog = backlog;
        _extra = Math.Min(options.Extra, backlog + 1);
        _clients = new QueuedClient[backlog + 1 + _extra];
    }

    private int N => _clients.Length;

    public IEnumerable<Scenario> Create()
    {
        var b = _backlog;
        yield return Scenario.Create($"1-listen-queue-b{b}", CapacityIterationAsync)
            .WithDescription($"Server held by a slow client; {N} = B+1+K clients connect 5 ms apart, each watched for {Watch.TotalMilliseconds:0} ms. " +
                $"Expect exactly B+1 = {b + 1} in the accept queue (rx_queue of the LISTEN row) and K = {_extra} waiting in SYN-SENT.")
            .WithLoadSimulations(Simulation.IterationsForConstant(N, N))
            .WithInit(InitCapacityAsync)
            .WithClean(CleanCapacityAsync)
            .WithThresholds(
                _capacity.Expect("clients queued within 500 ms (B+1)", "queued", b + 1),
                _capacity.Expect("clients waiting in SYN-SENT (K)", "waiting", _extra),
                _capacity.Expect("accept queue length from /proc/net/tcp (B+1)", "rx_queue", b + 1),
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
        _firstId = ledger.Issued;
        _slow = new SlowClient(_session.Server.EndPoint, ledger, ledger.NextId(), 4096);
        for (var i = 0; i < N; i++)
        {
            _clients[i] = new QueuedClient(i, ledger.NextId(), new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        }

        await _slow.StartAsync(context.CancellationToken).ConfigureAwait(false);
        var accepted = await Poll.UntilAsync(() => ProcNet.AcceptQueue(_session.Server.Port) == 0, TimeSpan.FromSeconds(5), context.TimeProvider, context.CancellationToken).ConfigureAwait(false);
        context.AddEvidence("slow client", accepted ? "accepted by the server (rx_queue back to 0), holding it mid-message" : "NOT seen accepted within 5 s");
        _overflowsBefore = ProcNet.ListenOverflows();
    }

    /// <summary>
    /// Client i issues its connect 5 ms after client i-1 issued its own (a chain, not independent
    /// timers, so SYN order is index order even when the thread pool is late), then watches it for 500 ms.
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

            return await Step.Run("connect (watched 500 ms)", ctx, (this, c), static async (state, ctx) =>
            {
                var (self, c) = state;
                var time = ctx.TimeProvider;
                c.Started = time.GetTimestamp();
                c.Connect = self.ConnectAsync(c, time);
                c.Issued.TrySetResult();
                await Task.WhenAny(c.Connect, Task.Delay(Watch, time, ctx.CancellationToken)).ConfigureAwait(false);
                return c.Connect.IsCompleted
                    ? c.Connect.Result is null ? Response.Ok("queued") : Response.Fail(c.Connect.Result)
                    : Response.Ok("waiting");
            }).ConfigureAwait(false);
        }
        finally
        {
            c.Issued.TrySetResult();
        }
    }

    /// <summary>One client's connect, left running past the watch window (bounded by 30 s) so scenario 2 can finish it.</summary>
    private async Task<string?> ConnectAsync(QueuedClient c, TimeProvider time)
    {
        using var bound = new CancellationTokenSource(RecoveryConnect, time);
        try
        {
            await c.Socket.ConnectAsync(_session.Server.EndPoint, bound.Token).ConfigureAwait(false);
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
        var time = context.TimeProvider;
        var rx = ProcNet.AcceptQueue(_session.Server.Port);
        var queued = _clients.Where(c => c.Connect is { IsCompleted: true, Result: null } && c.Connected - c.Started <= Ticks(time, Watch)).ToList();
        var waiting = _clients.Count(c => c.Connect is { IsCompleted: false });
        _capacity.Set("queued", queued.Count);
        _capacity.Set("waiting", waiting);
        _capacity.Set("rx_queue", rx ?? -1);
        var overflows = ProcNet.ListenOverflows() - _overflowsBefore;
        var slowest = queued.Count == 0 ? 0 : queued.Max(c => time.GetElapsedTime(c.Started, c.Connected).TotalMilliseconds);
        context.AddEvidence("B (listen backlog)", _backlog.ToString(CultureInfo.InvariantCulture));
        context.AddEvidence("accept queue (rx_queue of the LISTEN row, /proc/net/tcp)", rx?.ToString(CultureInfo.InvariantCulture) ?? "LISTEN row not found");
        context.AddEvidence("clients connected within 500 ms", $"{queued.Count} of {N} (clients {string.Join(",", queued.Select(c => c.Index))}), slowest handshake {slowest:0.###} ms");
        context.AddEvidence("clients still in SYN-SENT after 500 ms", waiting.ToString(CultureInfo.InvariantCulture));
        context.AddEvidence("TcpExt ListenOverflows delta (namespace-wide, >= K expected)", overflows.ToString(CultureInfo.InvariantCulture));
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

        return await _session.ClientFor(ctx, Settings).DeliverAsync(c.Socket, c.Id, _session.Options.ShortBody, ctx.CancellationToken).ConfigureAwait(false);
    }

    private async Task CleanRecoveryAsync(ScenarioInitContext context)
    {
        var time = context.TimeProvider;
        var queued = _clients.Where(c => c.Connect is { IsCompletedSuccessfully: true, Result: null } && c.Connected - c.Started <= Ticks(time, Watch))
            .OrderBy(c => c.Index).ToList();
        var late = _clients.Except(queued).Where(c => c.Connect is { IsCompletedSuccessfully: true, Result: null }).ToList();
        var positions = _session.Ledger.DeliveryPositions(queued.Select(c => c.Id));
        var order = queued.Select(c => positions.TryGetValue(c.Id, out var p) ? p : -1).ToList();
        var inOrder = order.All(p => p >= 0) && order.Zip(order.Skip(1)).All(p => p.First < p.Second);
        _recovery.Set("in_order", inOrder ? 1 : 0);
        context.AddEvidence("queued clients in SYN order (5 ms apart) -> position in the server's output", string.Join(", ", queued.Select((c, i) => $"{c.Index}->{order[i]}")));
        if (late.Count > 0)
        {
            context.AddEvidence("waiting clients connected after (SYN retransmits)",
                string.Join(", ", late.Select(c => $"{c.Index}: {time.GetElapsedTime(c.Started, c.Connected).TotalSeconds:0.00} s")));
        }

        foreach (var c in _clients)
        {
            c.Socket.Dispose();
        }

        await _session.FinishAsync(context, _firstId, _recovery, stop: true).ConfigureAwait(false);
        _slow?.Dispose();
    }

    private static long Ticks(TimeProvider time, TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private sealed class QueuedClient(int index, long id, Socket socket)
    {
        public int Index { get; } = index;

        public long Id { get; } = id;

        public Socket Socket { get; } = socket;

        public long Started { get; set; }

        public long Connected { get; set; }

        public Task<string?>? Connect { get; set; }

        /// <summary>Gets the signal that this client's connect has been issued (the next client may go).</summary>
        public TaskCompletionSource Issued { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
