using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.UnitTests.Testing;

/// <summary>Issue 11: an <c>IMPLS</c> that parses to no implementation must fail loudly, not select nothing (and run no test).</summary>
[TestFixture]
[Category("unit")]
public class ImplementationsTests
{
    [TestCase(",")]
    [TestCase(" , ,")]
    public void Parse_ListWithNoName_ThrowsNamingIMPLS(string impls)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Implementations.Parse(impls));
        Assert.That(ex!.Message, Is.EqualTo($"IMPLS='{impls}' names no implementation"));
    }

    [Test]
    public void Parse_TwoNamesWithSpaces_BothInOrder()
    {
        var parsed = Implementations.Parse(" c , python ");

        Assert.That(parsed.Select(i => i.Name), Is.EqualTo(new[] { "c", "python" }));
    }

    [TestCase(null)]
    [TestCase("  ")]
    public void Parse_Unset_TheDefaultThree(string? impls)
    {
        Assert.That(Implementations.Parse(impls).Select(i => i.Name), Is.EqualTo(new[] { "csharp", "c", "python" }));
    }
}
