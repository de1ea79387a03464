using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using SocketBench.Grade.Checks;
using SocketBench.Grade.Cli;
using SocketBench.Grade.Model;
using SocketBench.Grade.Reports;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade;

/// <summary>Grades one submission: resolve its programs, (re-)enter a fresh network namespace, run the checks, write the four reports.</summary>
internal static class GradeApp
{
    public static string Version { get; } = typeof(GradeApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public static async Task<int> RunAsync(GradeArguments a, string[] rawArgs)
    {
        var submission = Resolve(a);
        var ours = OurPrograms.Find(out var problem) ?? throw new GradeInputException(problem);
        var reports = Path.GetFullPath(a.Reports ?? Path.Combine(ReportsRoot(), Stamp(), submission.Name));
        var notes = new List<string>();
        if (!a.NoNetns && !NetworkNamespace.Inside)
        {
            if (await NetworkNamespace.ProbeAsync() is { } why)
            {
                notes.Add($"Ran in the host's network namespace: a fresh one was not available here ({why}). Kernel counters and ports are shared with the machine.");
            }
            else
            {
                return NetworkNamespace.ReExec([.. WithoutReports(rawArgs), "--reports", reports, "--name", submission.Name]);
            }
        }
        else if (NetworkNamespace.Inside)
        {
            notes.Add(NetworkNamespace.BringLoopbackUp() is { } err
                ? $"In a fresh network namespace, but lo could not be brought up ({err})."
                : "Ran in a fresh network namespace (unshare -rn, lo up): the programs could reach nothing but loopback.");
        }
        else
        {
            notes.Add("Ran in the host's network namespace (--no-netns).");
        }

        SubmissionResults results;
        try
        {
            results = await GradeAsync(submission, ours, a, notes);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("grade: interrupted; the programs it started were killed, no card written");
            return GradeExit.Interrupted;
        }

        Write(results, reports);
        Console.Error.WriteLine($"grade: {TimingLine(results)}; card: {Path.Combine(reports, "card.html")}");
        return results.SpecPassed ? GradeExit.Passed : GradeExit.Failed;
    }

    /// <summary>Runs every check for <paramref name="submission"/> and returns its results.</summary>
    internal static async Task<SubmissionResults> GradeAsync(Submission submission, OurPrograms ours, GradeArguments a, List<string> notes)
    {
        var clock = Stopwatch.StartNew();
        var started = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        if (ours.CClient is null || ours.PythonClient is null)
        {
            notes.Add("Our C or Python client is not built (make build): the server's exact-bytes checks used fewer clients.");
        }

        // Ctrl-C or SIGTERM cancels the checks; unwinding disposes (kills) every program they started.
        using var interrupted = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupted.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupted.Cancel(); });
        await using var context = new GradeContext(submission, ours, a.Quick);
        var grader = new Grader(context, a.Only, line => Console.Error.WriteLine($"grade: [{submission.Name}] {line}"));
        var checks = await grader.RunAsync([.. Catalogue.All.Where(c => a.Selects(c.Id))], interrupted.Token);
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"Each program ran in its own process group under a deadline, killed with its children afterwards; stdout beyond {Programs.StdoutCap >> 20} MiB and stderr beyond {Programs.StderrCap >> 10} KiB per run were cut (counted, not kept)."));
        return new SubmissionResults
        {
            Submission = submission.Name,
            Server = new ProgramInfo { Path = submission.Server ?? "", Present = submission.Server is not null },
            Client = new ProgramInfo { Path = submission.Client ?? "", Present = submission.Client is not null },
            Quick = a.Quick,
            Tiers = Grader.Tiers(checks),
            Checks = checks,
            Notes = notes,
            StartedUtc = started,
            ElapsedMs = (long)clock.Elapsed.TotalMilliseconds,
            GraderVersion = Version,
        };
    }

    /// <summary>Writes card.html, card.md, results.json and junit.xml into <paramref name="directory"/>.</summary>
    internal static void Write(SubmissionResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "results.json"), ResultsJson.Serialize(results));
        File.WriteAllText(Path.Combine(directory, "card.md"), CardMarkdown.Render(results));
        File.WriteAllText(Path.Combine(directory, "card.html"), CardHtml.Render(results));
        File.WriteAllText(Path.Combine(directory, "junit.xml"), JunitXml.Render(results));
    }

    /// <summary>"good-python: spec PASS 32/32, faults PASS 6/6, beyond 2/6 in 84.1 s".</summary>
    internal static string TimingLine(SubmissionResults r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Submission}: ") +
        string.Join(", ", r.Tiers.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Id} {t.Verdict.ToUpperInvariant()} {t.Passed}/{t.Passed + t.Failed}"))) +
        string.Create(CultureInfo.InvariantCulture, $" in {r.ElapsedMs / 1000.0:0.0} s{(r.Quick ? " (--quick)" : "")}");

    /// <summary>grade/reports under the repository (or the working directory outside it).</summary>
    internal static string ReportsRoot() => Path.Combine(RepoRoot.TryPath ?? Environment.CurrentDirectory, "grade", "reports");

    internal static string Stamp() => TimeProvider.System.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The submission's programs; throws <see cref="GradeInputException"/> when they are missing or not executable.</summary>
    internal static Submission Resolve(GradeArguments a)
    {
        string? server, client;
        string name;
        if (a.Directory is { } dir)
        {
            if (!Directory.Exists(dir))
            {
                throw new GradeInputException($"{dir}: no such directory");
            }

            server = Path.Combine(dir, "server");
            client = Path.Combine(dir, "client");
            server = File.Exists(server) ? Path.GetFullPath(server) : null;
            client = File.Exists(client) ? Path.GetFullPath(client) : null;
            if (server is null && client is null)
            {
                throw new GradeInputException($"{dir}: holds neither a server nor a client executable");
            }

            name = a.Name ?? new DirectoryInfo(Path.GetFullPath(dir)).Name;
        }
        else
        {
            server = a.Server is null ? null : Path.GetFullPath(a.Server);
            client = a.Client is null ? null : Path.GetFullPath(a.Client);
            name = a.Name ?? new DirectoryInfo(Path.GetDirectoryName(server ?? client!)!).Name;
        }

        foreach (var path in new[] { server, client }.OfType<string>())
        {
            try
            {
                ChildProcess.CheckExecutable(path);
            }
            catch (Exception e) when (e is FileNotFoundException or UnauthorizedAccessException)
            {
                throw new GradeInputException(e.Message);
            }
        }

        return new Submission(Safe(name), server, client);
    }

    private static IEnumerable<string> WithoutReports(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--reports" or "--name")
            {
                i++;
                continue;
            }

            if (!args[i].StartsWith("--reports=", StringComparison.Ordinal) && !args[i].StartsWith("--name=", StringComparison.Ordinal))
            {
                yield return args[i];
            }
        }
    }

    /// <summary>A name safe as a directory name.</summary>
    private static string Safe(string name) => new([.. name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_')]);
}
