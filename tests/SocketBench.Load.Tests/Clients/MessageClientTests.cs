using System.Net;
using System.Net.Sockets;
using SocketBench.Load.Clients;
using SocketBench.Load.Target;

namespace SocketBench.Load.Tests.Clients;

/// <summary>The blocking client path (issue 14) over real loopback sockets: same frames, ledger and status codes as the async one.</summary>
[TestFixture]
[Category("unit")]
public sealed class MessageClientTests
{
    private static readonly ClientSettings Blocking = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.Zero, Blocking: true);

    [TestCase(AddressFamily.InterNetwork)]
    [TestCase(AddressFamily.InterNetworkV6)]
    public async Task SendMessage_Blocking_DeliversTheFrameAndConfirmsOnTheServersClose(AddressFamily family)
    {
        using var listener = Listen(10, family);
        var ledger = new MessageLedger();
        var parser = new OutputParser(ledger);
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            var buffer = new byte[4096];
            for (var reads = 0; reads < 1000; reads++)
            {
                var n = await peer.ReceiveAsync(buffer);
                if (n == 0)
                {
                    break;
                }

                parser.Feed(buffer.AsSpan(0, n));
            }
        });
        using var client = new MessageClient(ledger, (IPEndPoint)listener.LocalEndPoint!, Blocking, TimeProvider.System);
        var id = ledger.NextId();

        var response = await Task.Run(() => client.SendMessageAsync(id, 100_000, CancellationToken.None).AsTask());
        await server;

        Assert.That(response.IsOk, Is.True, response.StatusCode);
        Assert.That(ledger.ClientOutcome(id), Is.EqualTo(MessageLedger.Outcome.Confirmed));
        var report = ledger.Verify(id, id + 1);
        Assert.That(report.ExactlyOnce, Is.True, report.ToString());
        Assert.That(report.ConfirmedWhole, Is.EqualTo(1));
    }

    [Test]
    public async Task SendMessage_BlockingAgainstAFullAcceptQueue_FailsWithConnectTimeout()
    {
        using var listener = Listen(0);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        using var filler = FillQueue(endPoint);
        var ledger = new MessageLedger();
        using var client = new MessageClient(ledger, endPoint, Blocking with { ConnectTimeout = TimeSpan.FromMilliseconds(300) }, TimeProvider.System);
        var id = ledger.NextId();

        var response = await Task.Run(() => client.SendMessageAsync(id, 64, CancellationToken.None).AsTask());

        Assert.That(response.StatusCode, Is.EqualTo(StatusCodes.ConnectTimeout));
        Assert.That(ledger.ClientOutcome(id), Is.EqualTo(MessageLedger.Outcome.FailedBeforeSend));
    }

    [Test]
    public void SendMessage_BlockingCancelledWhileConnecting_ThrowsOperationCanceled()
    {
        using var listener = Listen(0);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        using var filler = FillQueue(endPoint);
        var ledger = new MessageLedger();
        using var client = new MessageClient(ledger, endPoint, Blocking with { ConnectTimeout = TimeSpan.FromSeconds(60) }, TimeProvider.System);
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        // Long before the 60 s connect bound: the cancellation wakes the blocked connect.
        Assert.ThrowsAsync<OperationCanceledException>(() => Task.Run(() => client.SendMessageAsync(ledger.NextId(), 64, cancel.Token).AsTask()).WaitAsync(TimeSpan.FromSeconds(20)));
    }

    /// <summary>The server reads the whole message, then resets instead of closing: both paths classify it through the shared confirmation.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public async Task SendMessage_ServerResetsAfterReading_CloseResetAndFailedAfterSend(bool blocking)
    {
        using var listener = Listen(10);
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            var buffer = new byte[4096];
            for (var reads = 0; reads < 1000 && await peer.ReceiveAsync(buffer) > 0; reads++)
            {
            }

            peer.LingerState = new LingerOption(true, 0); // close with RST
        });
        var ledger = new MessageLedger();
        using var client = new MessageClient(ledger, (IPEndPoint)listener.LocalEndPoint!, Blocking with { Blocking = blocking }, TimeProvider.System);
        var id = ledger.NextId();

        var response = await Task.Run(() => client.SendMessageAsync(id, 1000, CancellationToken.None).AsTask());
        await server;

        Assert.That(response.StatusCode, Is.EqualTo("close_" + StatusCodes.Reset));
        Assert.That(ledger.ClientOutcome(id), Is.EqualTo(MessageLedger.Outcome.FailedAfterSend));
    }

    /// <summary>The server reads the message and never closes: the wait ends at the close timeout on both paths.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public async Task SendMessage_ServerNeverCloses_CloseTimeout(bool blocking)
    {
        using var listener = Listen(10);
        using var release = new SemaphoreSlim(0);
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            await release.WaitAsync(TimeSpan.FromSeconds(30));
        });
        var ledger = new MessageLedger();
        var settings = Blocking with { Blocking = blocking, CloseTimeout = TimeSpan.FromMilliseconds(300) };
        using var client = new MessageClient(ledger, (IPEndPoint)listener.LocalEndPoint!, settings, TimeProvider.System);
        var id = ledger.NextId();

        var response = await Task.Run(() => client.SendMessageAsync(id, 100, CancellationToken.None).AsTask()).WaitAsync(TimeSpan.FromSeconds(20));
        release.Release();
        await server;

        Assert.That(response.StatusCode, Is.EqualTo(StatusCodes.CloseTimeout));
        Assert.That(ledger.ClientOutcome(id), Is.EqualTo(MessageLedger.Outcome.FailedAfterSend));
    }

    /// <summary>A port nobody listens on (bound, read back, closed): connect is refused, on both paths and both families.</summary>
    [TestCase(AddressFamily.InterNetwork, true)]
    [TestCase(AddressFamily.InterNetworkV6, true)]
    [TestCase(AddressFamily.InterNetwork, false)]
    public async Task SendMessage_NothingListening_RefusedAndFailedBeforeSend(AddressFamily family, bool blocking)
    {
        IPEndPoint endPoint;
        using (var gone = Listen(1, family))
        {
            endPoint = (IPEndPoint)gone.LocalEndPoint!;
        }

        var ledger = new MessageLedger();
        using var client = new MessageClient(ledger, endPoint, Blocking with { Blocking = blocking }, TimeProvider.System);
        var id = ledger.NextId();

        var response = await Task.Run(() => client.SendMessageAsync(id, 64, CancellationToken.None).AsTask());

        Assert.That(response.StatusCode, Is.EqualTo(StatusCodes.Refused));
        Assert.That(ledger.ClientOutcome(id), Is.EqualTo(MessageLedger.Outcome.FailedBeforeSend));
    }

    /// <summary>The server reads a little, then resets while the client is still sending: both paths say send_reset and mark the message partial.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public async Task SendMessage_ServerResetsWhileSending_SendResetAndFailedPartial(bool blocking)
    {
        using var listener = Listen(10);
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            var buffer = new byte[4096];
            await peer.ReceiveAsync(buffer);
            peer.LingerState = new LingerOption(true, 0); // close with RST
        });
        var ledger = new MessageLedger();
        using var client = new MessageClient(ledger, (IPEndPoint)listener.LocalEndPoint!, Blocking with { Blocking = blocking }, TimeProvider.System);
        var id = ledger.NextId();

        // 256 MiB: far more than loopback's socket buffers hold, so the reset meets the client mid-send.
        var response = await Task.Run(() => client.SendMessageAsync(id, 256L << 20, CancellationToken.None).AsTask()).WaitAsync(TimeSpan.FromSeconds(60));
        await server;

        Assert.That(response.StatusCode, Is.EqualTo("send_" + StatusCodes.Reset));
        Assert.That(ledger.ClientOutcome(id), Is.EqualTo(MessageLedger.Outcome.FailedPartial));
    }

    /// <summary>Cancelled while waiting for a close that never comes: the blocked receive wakes at once, long before the close timeout.</summary>
    [Test]
    public async Task SendMessage_BlockingCancelledWhileWaitingForTheClose_ThrowsAndFailedAfterSend()
    {
        using var listener = Listen(10);
        using var release = new SemaphoreSlim(0);
        var halfClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            var buffer = new byte[4096];
            for (var reads = 0; reads < 1000 && await peer.ReceiveAsync(buffer) > 0; reads++)
            {
            }

            halfClosed.SetResult(); // the whole message is in and the client waits for the close
            await release.WaitAsync(TimeSpan.FromSeconds(60));
        });
        var ledger = new MessageLedger();
        using var client = new MessageClient(ledger, (IPEndPoint)listener.LocalEndPoint!, Blocking with { CloseTimeout = TimeSpan.FromSeconds(60) }, TimeProvider.System);
        using var cancel = new CancellationTokenSource();
        var id = ledger.NextId();
        var send = Task.Run(() => client.SendMessageAsync(id, 100, cancel.Token).AsTask());
        await halfClosed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await cancel.CancelAsync();

        Assert.ThrowsAsync<OperationCanceledException>(() => send.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.That(ledger.ClientOutcome(id), Is.EqualTo(MessageLedger.Outcome.FailedAfterSend));
        release.Release();
        await server;
    }

    /// <summary>A few hundred messages on the blocking path leave no descriptor behind (each connection's is closed).</summary>
    [Test]
    public async Task SendMessage_BlockingManyMessages_ClosesEveryDescriptor()
    {
        using var listener = Listen(64);
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            for (var accepted = 0; accepted < 10_000 && !stop.IsCancellationRequested; accepted++)
            {
                using var peer = await listener.AcceptAsync(stop.Token);
                for (var reads = 0; reads < 1000 && await peer.ReceiveAsync(buffer) > 0; reads++)
                {
                }
            }
        });
        var ledger = new MessageLedger();
        using var client = new MessageClient(ledger, (IPEndPoint)listener.LocalEndPoint!, Blocking, TimeProvider.System);
        var before = Directory.GetFiles("/proc/self/fd").Length;

        var responses = await Task.Run(() => Enumerable.Range(0, 300).Select(_ => client.SendMessageAsync(ledger.NextId(), 100, CancellationToken.None).AsTask().Result).ToList());
        var after = Directory.GetFiles("/proc/self/fd").Length;
        await stop.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => server.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.That(responses.Count(r => r.IsOk), Is.EqualTo(300), string.Join(", ", responses.Where(r => !r.IsOk).Select(r => r.StatusCode).Distinct()));
        Assert.That(after, Is.LessThanOrEqualTo(before + 5), "descriptors left open");
    }

    private static Socket Listen(int backlog, AddressFamily family = AddressFamily.InterNetwork)
    {
        var listener = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>Connects clients nobody accepts until one fails to get in: the accept queue is full (backlog 0 holds one).</summary>
    private static Disposables FillQueue(IPEndPoint endPoint)
    {
        var held = new Disposables();
        for (var i = 0; i < 8; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { SendTimeout = 300 };
            held.Add(s);
            try
            {
                s.Connect(endPoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
            {
                return held;
            }
        }

        Assert.Fail("the accept queue never filled");
        return held;
    }

    private sealed class Disposables : List<IDisposable>, IDisposable
    {
        public void Dispose() => ForEach(d => d.Dispose());
    }
}
