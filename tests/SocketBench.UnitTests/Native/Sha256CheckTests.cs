using System.Text.RegularExpressions;
using NUnit.Framework;
using SocketBench.Processes;

namespace SocketBench.UnitTests.Native;

/// <summary>
/// The C programs' own SHA-256 (src/c/sha256.c, used for receipts, DESIGN 3a) checked by
/// src/c/sha256_check.c: the FIPS 180-2 vectors, the receipt examples and the padding
/// boundaries, each in one piece and streamed in odd-sized pieces; built once with the engine
/// chosen at run time (the x86 SHA extensions where the CPU has them) and once with the plain
/// C rounds.
/// </summary>
[TestFixture]
[Category("unit")]
public sealed partial class Sha256CheckTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private static string SourceDir => Path.Combine(RepoRoot.Path, "src", "c");

    [Test]
    public async Task MakeCheck_StandardVectorsWholeAndInOddPieces_AllPass()
    {
        var result = await RunAsync("make", ["-s", "-C", SourceDir, "check"], null);

        Assert.That(result.ExitCode, Is.EqualTo(0), Describe(result));
        var summaries = Summary().Matches(Text(result));
        Assert.Multiple(() =>
        {
            Assert.That(summaries.Select(m => m.Groups["engine"].Value), Does.Contain("portable"), Describe(result));
            Assert.That(summaries, Has.Count.EqualTo(2), "one run with the engine chosen at run time, one with the plain C rounds: " + Describe(result));
            foreach (Match summary in summaries)
            {
                Assert.That(int.Parse(summary.Groups["checks"].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(26), Describe(result));
                Assert.That(summary.Groups["failed"].Value, Is.EqualTo("0"), Describe(result));
            }

            Assert.That(Text(result), Does.Not.Contain("FAIL"));
        });
    }

    /// <summary>The check can fail: one round constant (shared by both engines) changed by one bit and every vector is caught.</summary>
    [Test]
    public async Task Check_WithOneRoundConstantWrong_FailsEveryVector()
    {
        var dir = Directory.CreateTempSubdirectory("sb-sha256-");
        try
        {
            foreach (var name in new[] { "sha256.h", "sha256_check.c" })
            {
                File.Copy(Path.Combine(SourceDir, name), Path.Combine(dir.FullName, name));
            }

            var source = await File.ReadAllTextAsync(Path.Combine(SourceDir, "sha256.c"));
            Assert.That(source, Does.Contain("0xc67178f2"), "the last round constant K[63] moved: update this test");
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "sha256.c"), source.Replace("0xc67178f2", "0xc67178f3", StringComparison.Ordinal));
            var exe = Path.Combine(dir.FullName, "sha256_check");
            var build = await RunAsync("gcc", ["-std=c11", "-O2", "-o", exe, "sha256_check.c", "sha256.c"], dir.FullName);
            Assert.That(build.ExitCode, Is.EqualTo(0), Describe(build));

            var result = await RunAsync(exe, [], dir.FullName);

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(1), Describe(result));
                Assert.That(Text(result), Does.Contain("FAIL abc (one piece)"));
                Assert.That(Text(result), Does.Contain("FAIL one million a (odd pieces)"));
                Assert.That(Summary().Match(Text(result)).Groups["failed"].Value, Is.Not.EqualTo("0"), Describe(result));
            });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> args, string? workingDirectory) =>
        ProcessResult.RunAsync(new ChildProcessOptions { FileName = file, Arguments = args, WorkingDirectory = workingDirectory }, null, Deadline);

    private static string Text(ProcessResult r) => System.Text.Encoding.UTF8.GetString(r.Stdout);

    private static string Describe(ProcessResult r) => $"exit {r.ExitCode}; stdout: {Text(r)}; stderr: {r.Stderr}";

    [GeneratedRegex(@"^sha256: (?<checks>\d+) checks, (?<failed>\d+) failed \((?<engine>[^)]+)\)$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
