using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;
using SocketBench.Processes;
using SocketBench.Testing;

namespace SocketBench.GradeTests;

/// <summary>
/// A hostile server (tests/programs/hostile) costs at most its deadlines: the grader finishes, reports
/// it failed, keeps its own memory bounded, and leaves none of the processes it started behind.
/// Each hostile program appends its PIDs to a <c>pids</c> file next to it, so the test sees exactly
/// those processes (and kills nothing).
/// </summary>
[TestFixture]
[Category("grade")]
public class HostileTests
{
    /// <summary>Wide: a --quick grade is meant to take 30 s; a hostile one pays some deadlines on top, on a loaded machine.</summary>
    private static readonly TimeSpan GradeBound = TimeSpan.FromMinutes(3);
    private static readonly long GraderMemoryBound = 512L << 20;

    [TestCase("fork-ignores-term", "server-exits-on-signal")]
    [TestCase("floods-stderr", "server-exact-short")]
    [TestCase("never-listens", "server-exact-short")]
    public async Task Grade_HostileServer_FailsWithinBoundAndLeavesNoProcess(string name, string mustFail)
    {
        var scratch = Directory.CreateTempSubdirectory("sb-grade-hostile-").FullName;
        try
        {
            var dir = Path.Combine(scratch, name);
            Directory.CreateDirectory(dir);
            var server = Path.Combine(dir, "server");
            File.Copy(Path.Combine(Corpus.Root, "hostile", name, "server"), server);
            File.SetUnixFileMode(server, File.GetUnixFileMode(Path.Combine(Corpus.Root, "hostile", name, "server")));

            var reports = Path.Combine(GradeRun.ReportsRoot, $"hostile-{name}");
            var clock = Stopwatch.StartNew();
            using var grader = ChildProcess.Start(new ChildProcessOptions { FileName = GradeRun.Grade, Arguments = ["--quick", "--only", "server", "--reports", reports, dir] });
            var peak = SampleGraderMemoryAsync(grader);
            var code = await grader.WaitForExitAsync(GradeBound + TimeSpan.FromSeconds(30));
            var elapsed = clock.Elapsed;
            if (code is null)
            {
                grader.KillTree(); // the grader we started outlived its bound: the test fails below
            }

            var graderPeak = await peak;

            var pids = ReadPids(Path.Combine(dir, "pids"));
            var left = new List<int>();
            await Eventually.UntilAsync(() => (left = pids.Where(p => IsRunningFrom(p, scratch)).ToList()).Count == 0, TimeSpan.FromSeconds(5));
            var status = GradeRun.ResultFiles(reports).Count == 1 ? File.ReadAllText(GradeRun.ResultFiles(reports)[0]) : "";

            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(1), $"exit code (null: still running at the bound); stderr tail: {Tail(grader.Stderr)}");
                Assert.That(elapsed, Is.LessThan(GradeBound), "the grade's wall time");
                Assert.That(pids, Is.Not.Empty, "the hostile server ran (wrote its PIDs)");
                Assert.That(left, Is.Empty, $"processes of the hostile server still running after the grade: {string.Join(", ", left)}");
                Assert.That(graderPeak, Is.LessThan(GraderMemoryBound), "the grader's peak RSS (its captures are capped)");
                Assert.That(status, Does.Match($"\"id\": \"{mustFail}\"[^}}]*\"status\": \"fail\""), $"{mustFail} fails in results.json");
            });
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static List<int> ReadPids(string file) =>
        File.Exists(file)
            ? [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))]
            : [];

    /// <summary>True while <paramref name="pid"/> is a live (not zombie) process whose command line names a file under <paramref name="marker"/>.</summary>
    private static bool IsRunningFrom(int pid, string marker)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return state != 'Z' && cmdline.Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Highest VmHWM of any process in the grader's tree whose command line is the grader (it may re-run itself in a namespace).</summary>
    private static async Task<long> SampleGraderMemoryAsync(ChildProcess grader)
    {
        long peak = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (!grader.HasExited && await timer.WaitForNextTickAsync())
        {
            foreach (var pid in ProcessTree.Of(grader.Pid))
            {
                if (IsGrader(pid) && ProcessTree.PeakResidentBytes(pid) is { } rss)
                {
                    peak = Math.Max(peak, rss);
                }
            }
        }

        return peak;
    }

    private static bool IsGrader(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(GradeRun.Grade, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
