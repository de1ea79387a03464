using SocketBench.TestSummary;

// Usage: SocketBench.TestSummary RESULTS_DIR ALLOW_LIST SOLUTION TEST_EXIT [dotnet test args...]
// Prints what went wrong (projects that ran nothing, skips not on the allow-list) and the closing
// line `N passed, N failed[, N skipped]`; exit 0 only when the run is clean.
if (args.Length < 4 || !int.TryParse(args[3], out var testExit))
{
    Console.Error.WriteLine("usage: SocketBench.TestSummary RESULTS_DIR ALLOW_LIST SOLUTION TEST_EXIT [dotnet test args...]");
    return 64;
}

var verdict = Verdict.Judge(
    Directory.Exists(args[0]) ? TrxResults.Read(args[0]) : [],
    AllowList.Load(args[1]),
    TestProjects.InSolution(args[2]),
    filtered: args.Skip(4).Any(a => a is "--filter" || a.StartsWith("--filter=", StringComparison.Ordinal)),
    testExit);
foreach (var line in verdict.Lines)
{
    Console.WriteLine(line);
}

return verdict.Ok ? 0 : 1;
