using NUnit.Framework;

namespace SocketBench.GradeTests;

/// <summary>The corpus itself: executables present and runnable, expect.json naming only real checks of the sides present.</summary>
[TestFixture]
[Category("grade")]
public class CorpusLayoutTests
{
    [TestCaseSource(typeof(CorpusTests), nameof(CorpusTests.Programs))]
    public void Corpus_Program_HasExecutablesAndAValidExpectation(string name)
    {
        var program = Corpus.Get(name);
        var expect = program.Expect;
        var sides = SpecChecks.Expected(program.HasServer, program.HasClient, quick: false).ToList();
        var entries = expect.MustFail.Concat(expect.MayFail).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(program.HasServer || program.HasClient, Is.True, "a server or a client (C programs: make corpus)");
            foreach (var side in new[] { "server", "client" }.Where(s => File.Exists(Path.Combine(program.Directory, s))))
            {
                Assert.That(File.GetUnixFileMode(Path.Combine(program.Directory, side)) & UnixFileMode.UserExecute, Is.Not.EqualTo(UnixFileMode.None), $"{side} is executable");
            }

            Assert.That(entries.Where(e => !sides.Any(id => Expectation.Matches(e, id))), Is.Empty, "entries that match no spec check of a present side");
            Assert.That(expect.MustFail.Intersect(expect.MayFail), Is.Empty, "an entry is in both lists");
            Assert.That(expect.Note, Is.Not.Empty, "a note saying what the defect is");
            Assert.That(expect.MustFail, name.StartsWith("good-", StringComparison.Ordinal) ? Is.Empty : Is.Not.Empty, "good-* fail nothing; every broken program fails something");
        });
    }
}
