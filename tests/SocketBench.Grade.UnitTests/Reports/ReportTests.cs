using System.Xml.Linq;
using SocketBench.Grade.Model;
using SocketBench.Grade.Reports;
using SocketBench.Grade.Running;

namespace SocketBench.Grade.UnitTests.Reports;

public class ReportTests
{
    internal static SubmissionResults Sample(string name, bool failing)
    {
        List<CheckResult> checks =
        [
            new() { Id = "server-exact-short", Tier = TierId.Spec, Side = Side.Server, Status = CheckStatus.Pass, Spec = "Each server program should listen <on> a socket", Summary = "ok", DurationMs = 12 },
            new()
            {
                Id = "server-exact-no-newline", Tier = TierId.Spec, Side = Side.Server, Status = failing ? CheckStatus.Fail : CheckStatus.Pass,
                Spec = "spec sentence", Summary = "1 extra byte(s) after the expected 21", DurationMs = 30,
                Evidence = new() { ["first difference"] = "1 extra byte(s) after the expected 21", ["before it"] = "\"end\\x00\" (65 6e 64 00)" },
            },
            new() { Id = "fault-latency", Tier = TierId.Faults, Side = Side.Both, Status = CheckStatus.Skip, Spec = "s", Summary = "not run with --quick" },
        ];
        return new SubmissionResults
        {
            Submission = name,
            Server = new ProgramInfo { Path = "/x/server", Present = true },
            Client = new ProgramInfo { Path = "", Present = false },
            Checks = checks,
            Tiers = Grader.Tiers(checks),
            Notes = ["a note"],
            StartedUtc = "2026-12-01 20:00:00 UTC",
        };
    }

    [Test]
    public void Tiers_FailAnyPassSomeSkipNone_AreVerdicts()
    {
        var tiers = Sample("a", failing: true).Tiers;
        Assert.That(tiers.Select(t => (t.Id, t.Verdict)), Is.EqualTo(new[] { ("spec", "fail"), ("faults", "skipped"), ("beyond", "skipped") }));
        Assert.That((tiers[0].Passed, tiers[0].Failed, tiers[1].Skipped), Is.EqualTo((1, 1, 1)));
    }

    [Test]
    public void ResultsJson_RoundTrip_KeepsContractFields()
    {
        var json = ResultsJson.Serialize(Sample("good", failing: false));
        Assert.That(json, Does.Contain("\"schema\": 1").And.Contain("\"duration_ms\": 30").And.Contain("\"present\": false"));
        var back = ResultsJson.Parse(json, "x");
        Assert.That(back.Checks.Select(c => c.Id), Is.EqualTo(new[] { "server-exact-short", "server-exact-no-newline", "fault-latency" }));
        Assert.That(back.Checks[1].Evidence["before it"], Is.EqualTo("\"end\\x00\" (65 6e 64 00)"));
        Assert.That(back.SpecPassed, Is.True);
    }

    [Test]
    public void ResultsJson_OtherSchema_IsRefusedByName()
    {
        var e = Assert.Throws<InvalidDataException>(() => ResultsJson.Parse("{\"schema\": 2}", "run7/results.json"));
        Assert.That(e!.Message, Does.StartWith("run7/results.json: schema 2"));
        Assert.Throws<InvalidDataException>(() => ResultsJson.Parse("not json", "f"));
    }

    [Test]
    public void CardHtml_IsSelfContainedWithVerdictAnchorsAndEscapedText()
    {
        var html = CardHtml.Render(Sample("bad <one>", failing: true));
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<link"));
        Assert.That(html, Does.Contain(">FAIL</div>"));
        Assert.That(html, Does.Contain("id=\"check-server-exact-no-newline\""));
        Assert.That(html, Does.Contain("listen &lt;on&gt; a socket").And.Contain("bad &lt;one&gt;"));
        Assert.That(html, Does.Contain("1 extra byte(s) after the expected 21"));
    }

    [Test]
    public void CardMarkdown_HasVerdictTierTableAndEvidence()
    {
        var md = CardMarkdown.Render(Sample("bad", failing: true));
        Assert.That(md, Does.Contain("Verdict: **FAIL**"));
        Assert.That(md, Does.Contain("| Spec | FAIL | 1 | 1 | 0 |"));
        Assert.That(md, Does.Contain("### FAIL `server-exact-no-newline`"));
        Assert.That(md, Does.Contain("- first difference: `1 extra byte(s) after the expected 21`"));
    }

    [Test]
    public void JunitXml_ParsesWithOneSuitePerTierAndFailureCounts()
    {
        var doc = XDocument.Parse(JunitXml.Render(Sample("bad", failing: true)));
        var suites = doc.Root!.Elements("testsuite").ToList();
        Assert.That(suites.Select(s => (string)s.Attribute("name")!), Is.EqualTo(new[] { "bad.spec", "bad.faults", "bad.beyond" }));
        Assert.That((int)suites[0].Attribute("failures")!, Is.EqualTo(1));
        Assert.That((int)suites[1].Attribute("skipped")!, Is.EqualTo(1));
        var failure = suites[0].Elements("testcase").Single(t => (string)t.Attribute("name")! == "server-exact-no-newline").Element("failure")!;
        Assert.That((string)failure.Attribute("message")!, Is.EqualTo("1 extra byte(s) after the expected 21"));
    }
}
