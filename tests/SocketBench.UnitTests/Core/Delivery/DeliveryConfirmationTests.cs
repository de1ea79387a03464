using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using SocketBench.Delivery;

namespace SocketBench.UnitTests.Core.Delivery;

/// <summary>
/// The one delivery confirmation: its rules as a table (<see cref="DeliveryConfirmation.Judge"/>
/// and the exact lines of DESIGN.md section 3a), and both paths over a real loopback connection.
/// </summary>
[TestFixture]
[Category("unit")]
public class DeliveryConfirmationTests
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("twelve bytes");
    private static readonly byte[] Sha = SHA256.HashData(Message);

    [TestCase(WaitEnd.Closed, "", DeliveryOutcome.Confirmed, null)]
    [TestCase(WaitEnd.TimedOut, "", DeliveryOutcome.TimedOut, null)]
    [TestCase(WaitEnd.Error, "", DeliveryOutcome.Reset, "connection ConnectionReset while waiting for the server's close, after 12 bytes sent; delivery not confirmed")]
    [TestCase(WaitEnd.Closed, "anything the server says", DeliveryOutcome.Confirmed, null)]
    public void Judge_WithoutReceipt_SpecRules(WaitEnd end, string received, DeliveryOutcome outcome, string? line)
    {
        var result = Confirmation(receipt: false).Judge(end, SocketError.ConnectionReset, Encoding.ASCII.GetBytes(received), Message.Length, Sha);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(outcome));
            Assert.That(result.Describe(), Is.EqualTo(line));
            Assert.That(result.ReceiptStatus, Is.Null, "no receipt= key without --receipt");
        });
    }

    [TestCase(WaitEnd.Closed, "good", DeliveryOutcome.Confirmed, "ok", null)]
    [TestCase(WaitEnd.Error, "good", DeliveryOutcome.Confirmed, "ok", null)]
    [TestCase(WaitEnd.Closed, "", DeliveryOutcome.NoReceipt, "none", "receipt: none (server closed without one)")]
    [TestCase(WaitEnd.TimedOut, "", DeliveryOutcome.TimedOut, "none", "receipt: none (timed out after 0.5 s)")]
    [TestCase(WaitEnd.Error, "", DeliveryOutcome.Reset, "none", "receipt: none (reset)")]
    [TestCase(WaitEnd.Closed, "short", DeliveryOutcome.CountDiffers, "mismatch", "receipt: server wrote 11 of 12 bytes")]
    [TestCase(WaitEnd.Closed, "changed", DeliveryOutcome.HashDiffers, "mismatch", "receipt: sha256 differs (12 bytes each)")]
    [TestCase(WaitEnd.Closed, "garbage", DeliveryOutcome.Malformed, "mismatch", "receipt: malformed: OK\\n")]
    [TestCase(WaitEnd.Full, "good", DeliveryOutcome.Malformed, "mismatch", null)]
    [TestCase(WaitEnd.TimedOut, "half", DeliveryOutcome.Malformed, "mismatch", null)]
    public void Judge_WithReceipt_DesignRules(WaitEnd end, string received, DeliveryOutcome outcome, string status, string? line)
    {
        var result = Confirmation(receipt: true).Judge(end, SocketError.ConnectionReset, Reply(received), Message.Length, Sha);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(outcome));
            Assert.That(result.ReceiptStatus, Is.EqualTo(status));
            Assert.That(result.IsFailure, Is.EqualTo(outcome != DeliveryOutcome.Confirmed));
            if (line is not null)
            {
                Assert.That(result.Describe(), Is.EqualTo(line));
            }
        });
    }

    [Test]
    public async Task Confirm_ServerSendsReceiptAndCloses_Confirmed()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            client.Send(Message);
            var answered = Task.Run(() => Answer(server, Reply("good")));
            var result = Confirmation(receipt: true, wait: TimeSpan.FromSeconds(30)).Confirm(client, Message.Length, Sha);
            await answered;
            Assert.That((result.Outcome, result.ReceiptBytes), Is.EqualTo((DeliveryOutcome.Confirmed, (long)Message.Length)));
        }
    }

    [Test]
    public async Task Confirm_ServerResets_Reset()
    {
        var (client, server) = await PairAsync();
        using (client)
        {
            client.Send(Message);
            server.LingerState = new LingerOption(true, 0);
            server.Dispose();
            var result = Confirmation(receipt: false, wait: TimeSpan.FromSeconds(30)).Confirm(client, Message.Length, Sha);
            Assert.That((result.Outcome, result.IsFailure), Is.EqualTo((DeliveryOutcome.Reset, true)));
        }
    }

    [Test]
    public async Task ConfirmAsync_ServerSendsWrongCount_CountDiffers()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            await client.SendAsync(Message);
            var answered = Task.Run(() => Answer(server, Reply("short")));
            var result = await Confirmation(receipt: true, wait: TimeSpan.FromSeconds(30)).ConfirmAsync(client, Message.Length, Sha, CancellationToken.None);
            await answered;
            Assert.That(result.Describe(), Is.EqualTo("receipt: server wrote 11 of 12 bytes"));
        }
    }

    [Test]
    public async Task ConfirmAsync_ServerSilentPastTheWait_TimedOut()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var time = new FakeTimeProvider();
            var waiting = new DeliveryConfirmation(TimeSpan.FromSeconds(5), expectReceipt: true, time).ConfirmAsync(client, 0, SHA256.HashData([]), CancellationToken.None).AsTask();
            Assert.That(waiting.IsCompleted, Is.False, "waits for the server");
            time.Advance(TimeSpan.FromSeconds(5));
            var result = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(result.Describe(), Is.EqualTo("receipt: none (timed out after 5 s)"));
        }
    }

    /// <summary>A blocking socket waits in its receive, bounded by the receive timeout; a non-blocking one is polled: the same bound.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public async Task Confirm_ServerSilent_TimedOutAtTheWait(bool blocking)
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            client.Blocking = blocking;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = Confirmation(receipt: false, wait: TimeSpan.FromMilliseconds(300)).Confirm(client, 0, []);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            Assert.That(result.Outcome, Is.EqualTo(DeliveryOutcome.TimedOut));
            Assert.That(elapsed, Is.InRange(TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(20)));
        }
    }

    /// <summary>The server closes only after more than one slice (1 s): a blocking socket's receive timeout passing is not the end of the wait.</summary>
    [Test]
    public async Task Confirm_BlockingSocketServerClosesAfterASlice_Confirmed()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var closing = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                server.Shutdown(SocketShutdown.Both);
            });
            var result = Confirmation(receipt: false, wait: TimeSpan.FromSeconds(30)).Confirm(client, 0, []);
            await closing;
            Assert.That(result.Outcome, Is.EqualTo(DeliveryOutcome.Confirmed));
        }
    }

    /// <summary>
    /// A wait that timed out fired the reusable bound; a wait the caller cancelled fired it through
    /// the link. Either way the next wait on the same bound must get its whole bound, not the old
    /// cancellation.
    /// </summary>
    [TestCase(true)]
    [TestCase(false)]
    public async Task ConfirmAsync_ReusedBoundAfterAWaitThatFired_NextWaitIsNotCancelled(bool timedOut)
    {
        var time = new FakeTimeProvider();
        var confirmation = new DeliveryConfirmation(TimeSpan.FromSeconds(5), expectReceipt: false, time);
        using var bound = new ReusableTimeout(time);
        using var stop = new CancellationTokenSource();
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var waiting = confirmation.ConfirmAsync(client, 0, ReadOnlyMemory<byte>.Empty, bound, stop.Token).AsTask();
            if (timedOut)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Outcome, Is.EqualTo(DeliveryOutcome.TimedOut));
            }
            else
            {
                await stop.CancelAsync();
                Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
            }
        }

        Assert.That(bound.Replaced, Is.EqualTo(1), "the fired source was replaced");
        await AssertNextWaitWaitsAndConfirmsAsync(confirmation, bound, time);
    }

    /// <summary>Each wait gets the whole bound from its own start, however long the bound was reused before.</summary>
    [Test]
    public async Task ConfirmAsync_ReusedBoundAfterConfirmedWaits_TimesOutAtItsOwnBound()
    {
        var time = new FakeTimeProvider();
        var confirmation = new DeliveryConfirmation(TimeSpan.FromSeconds(5), expectReceipt: false, time);
        using var bound = new ReusableTimeout(time);
        for (var i = 0; i < 3; i++)
        {
            await AssertNextWaitWaitsAndConfirmsAsync(confirmation, bound, time);
        }

        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var waiting = confirmation.ConfirmAsync(client, 0, ReadOnlyMemory<byte>.Empty, bound, CancellationToken.None).AsTask();
            time.Advance(TimeSpan.FromSeconds(4.9));
            Assert.That(waiting.IsCompleted, Is.False, "the bound counts from this wait's start");
            time.Advance(TimeSpan.FromSeconds(0.1));
            Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Outcome, Is.EqualTo(DeliveryOutcome.TimedOut));
        }
    }

    [Test]
    public void Arm_TwiceWithoutDisarm_Throws()
    {
        using var bound = new ReusableTimeout(TimeProvider.System);
        bound.Arm(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => bound.Arm(TimeSpan.FromSeconds(5), CancellationToken.None));
    }

    /// <summary>Waits that end cleanly reuse the one source: nothing is replaced (the allocation issue 14 removed).</summary>
    [Test]
    public void Disarm_AfterAWaitThatDidNotFire_KeepsTheSourceAndANotCancelledToken()
    {
        using var bound = new ReusableTimeout(TimeProvider.System);
        for (var i = 0; i < 3; i++)
        {
            var token = bound.Arm(TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.That(token.IsCancellationRequested, Is.False);
            bound.Disarm();
        }

        Assert.That(bound.Replaced, Is.Zero);
    }

    /// <summary>The next wait on <paramref name="bound"/>: still pending before the server closes (not cancelled by an earlier wait), confirmed once it does.</summary>
    private static async Task AssertNextWaitWaitsAndConfirmsAsync(DeliveryConfirmation confirmation, ReusableTimeout bound, FakeTimeProvider time)
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var waiting = confirmation.ConfirmAsync(client, 0, ReadOnlyMemory<byte>.Empty, bound, CancellationToken.None).AsTask();
            // A cancelled token ends the receive at once; a live one leaves it pending until the server closes.
            Assert.That(waiting.IsCompleted, Is.False, "the wait ended before the server closed: an earlier wait's cancellation leaked into it");
            time.Advance(TimeSpan.FromSeconds(4.9));
            Assert.That(waiting.IsCompleted, Is.False, "the wait ended before its bound");
            await Task.Run(() => Answer(server, []));
            var result = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(result.Outcome, Is.EqualTo(DeliveryOutcome.Confirmed));
        }
    }

    private static DeliveryConfirmation Confirmation(bool receipt, TimeSpan? wait = null) =>
        new(wait ?? TimeSpan.FromSeconds(0.5), receipt, TimeProvider.System);

    private static byte[] Reply(string kind) => kind switch
    {
        "good" => Encoding.ASCII.GetBytes($"SBR/1 12 {Convert.ToHexStringLower(Sha)}\n"),
        "short" => Encoding.ASCII.GetBytes($"SBR/1 11 {Convert.ToHexStringLower(Sha)}\n"),
        "changed" => Encoding.ASCII.GetBytes($"SBR/1 12 {Convert.ToHexStringLower(SHA256.HashData([1]))}\n"),
        "garbage" => Encoding.ASCII.GetBytes("OK\n"),
        "half" => Encoding.ASCII.GetBytes("SBR/1 12 "),
        _ => Encoding.ASCII.GetBytes(kind),
    };

    /// <summary>Reads the client's message to EOF, sends <paramref name="reply"/>, closes.</summary>
    private static void Answer(Socket server, byte[] reply)
    {
        var buffer = new byte[256];
        while (server.Receive(buffer) > 0)
        {
        }

        server.Send(reply);
        server.Shutdown(SocketShutdown.Both);
    }

    private static async Task<(Socket Client, Socket Server)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (client, await listener.AcceptAsync());
    }
}
