using NUnit.Framework;

namespace SocketBench.GradeTests;

/// <summary>
/// bin/grade on every corpus program (tests/programs): must_fail ⊆ failed spec checks ⊆ must_fail ∪ may_fail,
/// every other check of a present side passes, and the exit code is 1 exactly when something must fail.
/// </summary>
[TestFixture]
[Category("grade")]
public class CorpusTests
{
    public static IEnumerable<TestCaseData> Programs() =>
        Corpus.Programs.Select(p => new TestCaseData(p.Name).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(Programs))]
    public async Task Grade_CorpusProgram_FailsExactlyItsExpectedChecks(string name)
    {
        var program = Corpus.Get(name);
        var expect = program.Expect;

        // --quick unless what it must fail is a long check (the 1 GiB memory check): then the full tier.
        var quick = !program.NeedsFullTier;
        var run = quick
            ? await GradeRun.QuickAsync(name, program.Directory)
            : await GradeRun.RunAsync(name, [program.Directory], GradeRun.FullDeadline);

        var expected = SpecChecks.Expected(program.HasServer, program.HasClient, quick).ToList();
        var mustFail = expect.MustFail.Where(id => !quick || !SpecChecks.NotInQuick.Contains(id)).ToList();
        var unexpected = run.FailedSpecChecks.Where(id => !expect.Allows(id)).Order(StringComparer.Ordinal).ToList();
        var missed = mustFail.Where(id => run.Status(id) != "fail").ToList();
        var notPassed = expected.Where(id => !expect.Allows(id) && run.Status(id) != "pass").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(run.Statuses, Is.Not.Empty, $"no results.json: {run}\n{run.Stderr}");
            Assert.That(missed, Is.Empty, $"{name} must fail these (aimed at its defect: {expect.Note}); {run}\n{run.Describe(missed)}");
            Assert.That(unexpected, Is.Empty, $"{name} failed checks its defect does not break; {run}\n{run.Describe(unexpected)}");
            Assert.That(notPassed, Is.Empty, $"{name}: checks that should pass did not; {run}\n{run.Describe(notPassed)}");
            Assert.That(run.ExitCode, Is.EqualTo(mustFail.Count > 0 ? 1 : 0), $"exit code; {run}");
        });
    }
}
