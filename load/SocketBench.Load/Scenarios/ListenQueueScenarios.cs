using SocketBench.Load.Clients;

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
internal sealed partial class ListenQueueScenarios
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
    private readonly ListenQueueClient[] _clients;
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
        _clients = new ListenQueueClient[backlog + 1 + _extra];
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

    /// <summary>Per-client times in seconds since the first connect; scenario 1 stops at the judgement, scenario 2 adds the rest.</summary>
    private void AddTraces(ScenarioInitContext context, bool judged)
    {
        var time = context.TimeProvider;
        var cut = judged && _judged.Task.IsCompletedSuccessfully ? _judged.Task.Result.At : long.MaxValue;
        double? Since(long t) => t == 0 || t > cut ? null : time.GetElapsedTime(_origin, t).TotalSeconds;
        double? judgedAt = cut == long.MaxValue ? null : Since(cut);
        foreach (var c in _clients.Where(c => c.Started != 0))
        {
            var handshake = c.Connect is { IsCompletedSuccessfully: true, Result: null } ? Since(c.Connected) : null;
            context.AddClientTrace(new ClientTrace(c.Index, c.State, Since(c.Started) ?? 0, handshake, judged ? null : Since(c.Served), judgedAt));
        }
    }
}
