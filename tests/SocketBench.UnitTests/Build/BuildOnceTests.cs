using System.Text.RegularExpressions;
using NUnit.Framework;
using SocketBench.Processes;

namespace SocketBench.UnitTests.Build;

/// <summary>
/// Issue 11, "build once": `make build` publishes the programs for the Makefile's RID and `make test`
/// then builds the solution. Both share one compilation only when every project evaluates to that same
/// RID and the publish passes no global property that changes the compiler's outputs (such as
/// <c>-p:DebugType=none</c>, which drops the .pdb the later build then recompiles to get).
/// </summary>
[TestFixture]
[Category("unit")]
public sealed partial class BuildOnceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [GeneratedRegex(@"^RID \?= *(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex MakefileRid();

    [GeneratedRegex(@"^PUBLISH = (.*)$", RegexOptions.Multiline)]
    private static partial Regex MakefilePublish();

    [TestCase("tests/SocketBench.UnitTests/SocketBench.UnitTests.csproj")]
    [TestCase("src/SocketBench.Server/SocketBench.Server.csproj")]
    public async Task EveryProject_EvaluatesToTheMakefilesRid(string project)
    {
        var makefile = await File.ReadAllTextAsync(System.IO.Path.Combine(RepoRoot.Path, "Makefile"));
        var rid = MakefileRid().Match(makefile);
        Assert.That(rid.Success, Is.True, "Makefile sets RID ?= …");

        var result = await ProcessResult.RunAsync(
            new ChildProcessOptions
            {
                FileName = "dotnet",
                Arguments = ["msbuild", project, "-getProperty:RuntimeIdentifier", "-p:Configuration=Release", "-nologo"],
                WorkingDirectory = RepoRoot.Path,
            },
            stdin: null,
            Deadline);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(System.Text.Encoding.UTF8.GetString(result.Stdout).Trim(), Is.EqualTo(rid.Groups[1].Value), $"{project} builds for another RID than `make build` publishes: make test would compile it twice");
    }

    [Test]
    public async Task Publish_PassesNoPropertyThatChangesCompilerOutputs()
    {
        var makefile = await File.ReadAllTextAsync(System.IO.Path.Combine(RepoRoot.Path, "Makefile"));
        var publish = MakefilePublish().Match(makefile);
        Assert.That(publish.Success, Is.True, "Makefile defines PUBLISH = …");
        Assert.That(publish.Groups[1].Value, Does.Not.Contain("-p:").And.Not.Contain("/p:").And.Not.Contain("--property"),
            "a global property on the publish (DebugType, DebugSymbols, …) makes the solution build compile again");
    }
}
