using SocketBench.Grade.Evidence;

namespace SocketBench.Grade.UnitTests.Evidence;

public class ByteTextTests
{
    [Test]
    public void Escape_ControlAndQuoteBytes_AreCStyle()
    {
        byte[] bytes = [(byte)'a', 0, (byte)'b', (byte)'\n', (byte)'"', (byte)'\\', (byte)'\t', 0xff];
        Assert.That(ByteText.Escape(bytes), Is.EqualTo(@"a\x00b\n\""\\\t\xff"));
    }

    [Test]
    public void Show_Empty_SaysNothing()
    {
        Assert.That(ByteText.Show([]), Is.EqualTo("(nothing)"));
        Assert.That(ByteText.Show("hi"u8), Is.EqualTo("\"hi\" (68 69)"));
    }

    [Test]
    public void FirstLines_SkipsBlankLinesAndJoins()
    {
        Assert.That(ByteText.FirstLines("\none\n\ntwo\nthree\nfour\n", 3), Is.EqualTo("one | two | three"));
        Assert.That(ByteText.FirstLines(""), Is.EqualTo("(empty)"));
    }
}
