using System.Net.Sockets;
using NUnit.Framework;
using SocketBench.Client;

namespace SocketBench.UnitTests.Client;

[TestFixture]
[Category("unit")]
public class SendLoopTests
{
    /// <summary>A socket that takes at most a few bytes per call and would block every third call.</summary>
    private sealed class StingySocket(int maxPerCall, int wouldBlockEvery, SocketError failAfter = SocketError.Success, int failAtByte = int.MaxValue) : ISendTarget
    {
        private int _calls;

        public List<byte> Received { get; } = [];

        public int WaitCalls { get; private set; }

        public int Send(ReadOnlySpan<byte> bytes, out SocketError error)
        {
            _calls++;
            if (Received.Count >= failAtByte)
            {
                error = failAfter;
                return 0;
            }

            if (wouldBlockEvery > 0 && _calls % wouldBlockEvery == 0)
            {
                error = SocketError.WouldBlock;
                return 0;
            }

            var n = Math.Min(maxPerCall, bytes.Length);
            Received.AddRange(bytes[..n].ToArray());
            error = SocketError.Success;
            return n;
        }

        public bool WaitWritable(TimeSpan timeout)
        {
            WaitCalls++;
            return true;
        }
    }

    [Test]
    public void SendAll_ShortSendsAndWouldBlock_DeliversEveryByteInOrderAndCountsThem()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var socket = new StingySocket(maxPerCall: 7, wouldBlockEvery: 3);
        var stats = new ClientStats();

        new SendLoop(socket, stats).SendAll(data);

        Assert.Multiple(() =>
        {
            Assert.That(socket.Received, Is.EqualTo(data));
            Assert.That(stats.Sent, Is.EqualTo(1000));
            Assert.That(stats.Chunks, Is.EqualTo(1));
            Assert.That(stats.PartialSends, Is.EqualTo(142)); // 143 sends of <=7 bytes, the last one completes the chunk
            Assert.That(stats.WouldBlock, Is.EqualTo(socket.WaitCalls).And.GreaterThan(0));
            Assert.That(stats.SendCalls, Is.EqualTo(143 + stats.WouldBlock));
        });
    }

    [Test]
    public void SendAll_WholeChunkAccepted_CountsNoPartialSend()
    {
        var socket = new StingySocket(maxPerCall: int.MaxValue, wouldBlockEvery: 0);
        var stats = new ClientStats();
        var loop = new SendLoop(socket, stats);

        loop.SendAll(new byte[100]);
        loop.SendAll(new byte[50]);

        Assert.That((stats.Sent, stats.Chunks, stats.SendCalls, stats.PartialSends, stats.WouldBlock), Is.EqualTo((150L, 2L, 2L, 0L, 0L)));
    }

    [TestCase(SocketError.ConnectionReset)]
    [TestCase(SocketError.Shutdown)]
    [TestCase(SocketError.TimedOut)]
    public void SendAll_ErrorAfterFirstByte_FailsWith74NamingBytesSent(SocketError error)
    {
        var socket = new StingySocket(maxPerCall: 10, wouldBlockEvery: 0, failAfter: error, failAtByte: 30);
        var stats = new ClientStats();

        var e = Assert.Throws<ClientFailedException>(() => new SendLoop(socket, stats).SendAll(new byte[100]))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(ExitCode.IoError));
            Assert.That(e.Message, Does.Contain("after 30 bytes").And.Contain(error.ToString()));
        });
    }

    [Test]
    public void Format_Stats_IsTheExactDesignLine()
    {
        var stats = new ClientStats { Sent = 5, Chunks = 1, SendCalls = 2, PartialSends = 1, WouldBlock = 0, Attempts = 3 };
        Assert.That(stats.Format(TimeSpan.FromMilliseconds(42.9)), Is.EqualTo("sent=5 chunks=1 send_calls=2 partial_sends=1 would_block=0 attempts=3 elapsed_ms=42"));
    }
}
