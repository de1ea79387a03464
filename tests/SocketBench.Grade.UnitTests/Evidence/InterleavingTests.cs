using SocketBench.Grade.Evidence;

namespace SocketBench.Grade.UnitTests.Evidence;

public class InterleavingTests
{
    private static readonly byte[][] Three = ["[1] aaaa\n"u8.ToArray(), "[2] bbbb\n"u8.ToArray(), "[3] cccc\n"u8.ToArray()];

    [Test]
    public void Split_WholeMessagesInAnyOrder_HasNoProblem()
    {
        var s = Interleaving.Split("[2] bbbb\n[1] aaaa\n[3] cccc\n"u8, Three);
        Assert.That(s.Problem, Is.Null);
        Assert.That(s.Order, Is.EqualTo(new[] { 1, 0, 2 }));
    }

    [Test]
    public void Split_Interleaved_NamesTheBrokenMessageAndOffset()
    {
        var s = Interleaving.Split("[1] aa[2] bbbb\naa\n[3] cccc\n"u8, Three);
        Assert.That(s.Problem, Does.StartWith("message 1 starts at offset 0 but is broken off after 6 of 9 bytes"));
    }

    [Test]
    public void Split_Missing_ListsWhichOnes()
    {
        var s = Interleaving.Split("[3] cccc\n"u8, Three);
        Assert.That(s.Problem, Is.EqualTo("output ends after 1 whole messages; missing: 1, 2"));
    }

    [Test]
    public void Split_Duplicate_IsAProblem()
    {
        var s = Interleaving.Split("[1] aaaa\n[1] aaaa\n"u8, Three);
        Assert.That(s.Problem, Does.Contain("offset 9"));
    }
}
