using SocketBench.Grade.Evidence;

namespace SocketBench.Grade.UnitTests.Evidence;

public class OutputMatcherTests
{
    private static readonly byte[] Hello = "hello\n"u8.ToArray();
    private static readonly byte[] World = "world\n"u8.ToArray();

    [Test]
    public void Append_SameBytesInAnyChunks_Matches()
    {
        var m = new OutputMatcher(ExpectedBytes.Of(Hello, World));
        foreach (var b in "hello\nworld\n"u8.ToArray())
        {
            m.Append([b]);
        }

        Assert.That(m.Matches, Is.True);
        Assert.That(m.Describe(), Is.Null);
    }

    [Test]
    public void Describe_DifferentByte_GivesOffsetMessageAndExcerpts()
    {
        var m = new OutputMatcher(ExpectedBytes.Of(Hello, World));
        m.Append("hello\nwoRld\n"u8);
        var d = m.Describe()!;
        Assert.That(d.Offset, Is.EqualTo(8));
        Assert.That((d.Message, d.OffsetInMessage), Is.EqualTo((2, 2L)));
        Assert.That(d.Before, Is.EqualTo("hello\nwo"u8.ToArray()));
        Assert.That(d.ExpectedAfter, Is.EqualTo("rld\n"u8.ToArray()));
        Assert.That(d.ActualAfter, Is.EqualTo("Rld\n"u8.ToArray()));
        Assert.That(d.Headline, Is.EqualTo("first differing byte at offset 8 (message 2, offset 2)"));
        Assert.That(d.Entries().Select(e => e.Value), Has.Some.EqualTo("\"Rld\\n\" (52 6c 64 0a)"));
    }

    [Test]
    public void Describe_AddedNewline_IsExtraBytesAfterTheEnd()
    {
        var m = new OutputMatcher(ExpectedBytes.Of("no newline"u8.ToArray()));
        m.Append("no newline\n"u8);
        Assert.That(m.Complete, Is.True);
        Assert.That(m.Matches, Is.False);
        Assert.That(m.Describe()!.Headline, Is.EqualTo("1 extra byte(s) after the expected 10"));
    }

    [Test]
    public void Describe_DroppedFinalChunk_SaysHowManyBytesAreMissing()
    {
        var m = new OutputMatcher(ExpectedBytes.Of(Hello, World));
        m.Append("hello\nwor"u8);
        var d = m.Describe()!;
        Assert.That(d.Headline, Is.EqualTo("output stops at byte 9 of 12 (3 bytes missing)"));
        Assert.That(d.ExpectedAfter, Is.EqualTo("ld\n"u8.ToArray()));
    }

    [Test]
    public void Describe_EmptyMessagesBetween_LocatesTheRightMessage()
    {
        var m = new OutputMatcher(ExpectedBytes.Of([], Hello, [], World));
        m.Append("hello\nX"u8);
        Assert.That(m.Describe()!.Message, Is.EqualTo(4));
    }

    [Test]
    public void Append_DifferenceAcrossChunks_KeepsOnlyContextAfterIt()
    {
        var expected = new PatternBytes(1 << 20, 5);
        var actual = new byte[1 << 20];
        expected.CopyTo(0, actual);
        actual[700_000] ^= 0xff;
        var m = new OutputMatcher(expected);
        for (var at = 0; at < actual.Length; at += 4096)
        {
            m.Append(actual.AsSpan(at, 4096));
        }

        var d = m.Describe()!;
        Assert.That(d.Offset, Is.EqualTo(700_000));
        Assert.That(d.ActualAfter, Has.Length.EqualTo(OutputMatcher.ContextAfter));
        Assert.That(d.ActualAfter[0], Is.EqualTo(actual[700_000]));
        Assert.That(m.Received, Is.EqualTo(actual.Length));
    }

    [Test]
    public void PatternBytes_StreamAndCopyTo_AgreeAtEveryOffset()
    {
        var p = new PatternBytes(200_000, 1);
        using var s = p.OpenRead();
        var streamed = new byte[200_000];
        var read = 0;
        int n;
        while ((n = s.Read(streamed, read, Math.Min(7777, streamed.Length - read))) > 0)
        {
            read += n;
        }

        var direct = new byte[200_000];
        p.CopyTo(0, direct);
        Assert.That(read, Is.EqualTo(200_000));
        Assert.That(streamed, Is.EqualTo(direct));
        Assert.That(direct.AsSpan(0, 65521).SequenceEqual(direct.AsSpan(65521, 65521)), Is.True, "a block of prime length repeats");
    }
}
