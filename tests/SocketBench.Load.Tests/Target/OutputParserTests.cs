using System.IO.Hashing;
using System.Text;
using SocketBench.Load.Clients;
using SocketBench.Load.Target;

namespace SocketBench.Load.Tests.Target;

[TestFixture]
[Category("unit")]
public sealed class OutputParserTests
{
    private static byte[] Frame(long id, int length, out ulong fingerprint)
    {
        var buffer = new byte[MessageFrame.MaxHeader + length + MessageFrame.TrailerLength];
        var n = MessageFrame.WriteHeader(buffer, id, length);
        var state = MessageFrame.Seed(id);
        MessageFrame.FillBody(buffer.AsSpan(n, length), ref state);
        var hash = new XxHash3();
        hash.Append(buffer.AsSpan(n, length));
        fingerprint = MessageFrame.Fingerprint(hash);
        MessageFrame.WriteTrailer(buffer.AsSpan(n + length));
        return buffer[..(n + length + MessageFrame.TrailerLength)];
    }

    /// <summary>Frames <paramref name="count"/> messages the ledger records as sent and confirmed; returns the output that holds them in order.</summary>
    private static byte[] ConfirmedFrames(MessageLedger ledger, int count, Func<int, int> length)
    {
        var stream = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            var id = ledger.NextId();
            stream.AddRange(Frame(id, length(i), out var fp));
            ledger.Sent(id, fp, length(i));
            ledger.Finish(id, MessageLedger.Outcome.Confirmed);
        }

        return [.. stream];
    }

    /// <summary>The per-message path of the runner's stdout check (issue 12): parsing, hashing and the ledger allocate nothing.</summary>
    [Test]
    public void Feed_TwoThousandFrames_AllocatesNothingPerMessage()
    {
        var ledger = new MessageLedger();
        var parser = new OutputParser(ledger);
        var bytes = ConfirmedFrames(ledger, 2000, i => 100 + i);
        var half = bytes.Length / 2;
        parser.Feed(bytes.AsSpan(0, half)); // first use of every code path

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var at = half; at < bytes.Length; at += 4096)
        {
            parser.Feed(bytes.AsSpan(at, Math.Min(4096, bytes.Length - at)));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, "bytes allocated while parsing the second thousand frames");
        var report = ledger.Verify(0, 2000);
        Assert.That(report.ConfirmedWhole, Is.EqualTo(2000), report.ToString());
    }

    [Test]
    public void Feed_WholeFramesSplitAcrossChunks_DeliversEachOnceInOrder()
    {
        var ledger = new MessageLedger();
        var parser = new OutputParser(ledger);
        var bytes = ConfirmedFrames(ledger, 3, i => 1000 * (i + 1));
        for (var at = 0; at < bytes.Length; at += 7)
        {
            parser.Feed(bytes.AsSpan(at, Math.Min(7, bytes.Length - at)));
        }

        var report = ledger.Verify(0, 3);
        Assert.That(report.ExactlyOnce, Is.True, report.ToString());
        Assert.That(report.ConfirmedWhole, Is.EqualTo(3));
        Assert.That(ledger.DeliveryPositions([0, 1, 2]), Is.EqualTo(new Dictionary<long, long> { [0] = 0, [1] = 1, [2] = 2 }));
    }

    [Test]
    public void Feed_TruncatedFrameThenWholeFrame_CountsTruncationAndKeepsTheNext()
    {
        var ledger = new MessageLedger();
        var parser = new OutputParser(ledger);
        var cut = ledger.NextId();
        var whole = ledger.NextId();
        var first = Frame(cut, 500, out var fpCut);
        var second = Frame(whole, 500, out var fpWhole);
        ledger.Sent(cut, fpCut, 500);
        ledger.Finish(cut, MessageLedger.Outcome.FailedPartial);
        ledger.Sent(whole, fpWhole, 500);
        ledger.Finish(whole, MessageLedger.Outcome.Confirmed);

        parser.Feed(first.AsSpan(0, 200));
        parser.Feed(second);

        var report = ledger.Verify(0, 2);
        Assert.That(report.Truncated, Is.EqualTo(1));
        Assert.That(report.ConfirmedWhole, Is.EqualTo(1));
        Assert.That(report.ExactlyOnce, Is.True, report.ToString());
    }

    [Test]
    public void Verify_ConfirmedButMissingOrDuplicated_IsNotExactlyOnce()
    {
        var ledger = new MessageLedger();
        var parser = new OutputParser(ledger);
        var lost = ledger.NextId();
        var twice = ledger.NextId();
        var frame = Frame(twice, 10, out var fp);
        ledger.Sent(lost, 1, 10);
        ledger.Finish(lost, MessageLedger.Outcome.Confirmed);
        ledger.Sent(twice, fp, 10);
        ledger.Finish(twice, MessageLedger.Outcome.Confirmed);

        parser.Feed(frame);
        parser.Feed(frame);
        parser.Feed(Encoding.ASCII.GetBytes("noise"));

        var report = ledger.Verify(0, 2);
        Assert.That(report.Lost, Is.EqualTo(1));
        Assert.That(report.Duplicated, Is.EqualTo(1));
        Assert.That(report.ExactlyOnce, Is.False);
        Assert.That(ledger.StrayBytes, Is.EqualTo(5));
    }
}
