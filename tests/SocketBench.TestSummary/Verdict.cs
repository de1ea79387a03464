namespace SocketBench.TestSummary;

/// <summary>What a test run means for CI, and the lines that say why.</summary>
public sealed record Verdict(bool Ok, IReadOnlyList<string> Lines)
{
    /// <summary>
    /// Fails the run when dotnet test failed, a test failed, a test project ran no test (without a
    /// filter), nothing ran at all (with one), or a test was skipped for a reason not on the allow-list.
    /// </summary>
    public static Verdict Judge(IReadOnlyList<TestResult> results, AllowList allow, IReadOnlyList<string> projects, bool filtered, int testExit)
    {
        var lines = new List<string>();
        var ok = true;
        // VSTest writes the assembly path in lower case: compare names ignoring case.
        var ran = results.Select(r => r.Project).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var idle = projects.Where(p => !ran.Contains(p)).ToList();
        if (results.Count == 0)
        {
            ok = false;
            lines.Add(filtered ? "FAIL: the filter matched no test in any project" : "FAIL: no test results (no TRX written, or every project discovered nothing)");
        }
        else if (idle.Count > 0 && !filtered)
        {
            ok = false;
            lines.AddRange(idle.Select(p => $"FAIL: {p} ran no test (none discovered, or its results are missing)"));
        }
        else if (idle.Count > 0)
        {
            lines.Add($"no test matched the filter in: {string.Join(", ", idle)}");
        }

        var skipped = results.Where(r => r.Skipped).ToList();
        if (skipped.Count > 0)
        {
            lines.Add("skip reasons allowed (tests/skip-allowlist.txt): " + string.Join(" | ", allow.Reasons));
        }

        foreach (var group in skipped.GroupBy(r => allow.Match(r.Message)).OrderBy(g => g.Key is null))
        {
            if (group.Key is null)
            {
                ok = false;
                lines.AddRange(group.Select(r => $"FAIL: {r.Project} {r.Name} skipped for a reason not on the allow-list: {(r.Message.Length == 0 ? "(no reason given)" : r.Message)}"));
            }
            else
            {
                lines.Add($"skipped {group.Count()} (allowed: \"{group.Key}\")");
            }
        }

        var passed = results.Count(r => r.Passed);
        var failed = results.Count(r => r.Failed);
        if (testExit != 0 && failed == 0)
        {
            ok = false;
            failed = 1;
            lines.Add($"FAIL: dotnet test exited {testExit} with no failed test recorded (a crash or a build error?)");
        }

        ok &= failed == 0;
        lines.Add(skipped.Count > 0 ? $"{passed} passed, {failed} failed, {skipped.Count} skipped" : $"{passed} passed, {failed} failed");
        return new Verdict(ok, lines);
    }
}
