using System.Globalization;
using System.Net;
using SocketBench.Grade.Checks;
using SocketBench.Grade.Evidence;
using SocketBench.Processes;

namespace SocketBench.Grade.Running;

/// <summary>Starting servers and running clients for checks: own process group, deadline, capped output, always through the Processes library.</summary>
internal static class Programs
{
    /// <summary>How long a server may take to listen.</summary>
    public static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Stdout kept for a server read without a matcher.</summary>
    public const long StdoutCap = 16L << 20;

    /// <summary>Stderr kept per program.</summary>
    public const long StderrCap = 256L << 10;

    /// <summary>Starts <paramref name="path"/> on a free port; stdout goes to <paramref name="matcher"/> when given, else into a capped buffer.</summary>
    public static Task<ServerProcess> StartServerAsync(string path, OutputMatcher? matcher, IReadOnlyList<string>? options = null, int? port = null, CancellationToken cancellationToken = default) =>
        ServerProcess.StartAsync(
            new ServerStartOptions
            {
                FileName = path,
                Arguments = options ?? [],
                Port = port,
                ReadyDeadline = ReadyDeadline,
                Child = new ChildProcessOptions
                {
                    FileName = path,
                    StdoutReader = matcher is null ? null : matcher.ReadAllAsync,
                    StdoutCapBytes = StdoutCap,
                    StderrCapBytes = StderrCap,
                },
            },
            cancellationToken);

    /// <summary>
    /// Starts the submission's server, failing the check at once (and every later server check fast)
    /// when it does not listen. When an earlier check saw it serve no client, a check that needs a
    /// client served (<paramref name="servesClients"/>) fails at once too.
    /// </summary>
    public static async Task<ServerProcess> StartSubmissionServerAsync(Probe probe, OutputMatcher? matcher, CancellationToken cancellationToken, int? port = null, bool servesClients = true)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var ctx = probe.Context;
        if (ctx.ServerStartFailure is { } earlier)
        {
            throw new CheckFailedException($"the server never listened ({earlier})");
        }

        if (servesClients && ctx.ServerUnserved is { } unserved)
        {
            throw new CheckFailedException($"not run: the server served no client earlier ({unserved})");
        }

        try
        {
            var server = await StartServerAsync(ctx.Submission.Server!, matcher, port: port, cancellationToken: cancellationToken).ConfigureAwait(false);
            probe.Add("server listening", $"{server.Listener.Address} port {server.Port}");
            return server;
        }
        catch (ServerStartException e)
        {
            ctx.ServerStartFailure = e.Exited ? $"it exited with code {e.ExitCode} before listening" : $"no listening socket within {ReadyDeadline.TotalSeconds:0} s";
            probe.Add("server start", e.Message);
            throw new CheckFailedException($"the server did not start: {ctx.ServerStartFailure}");
        }
    }

    /// <summary>Runs a client <c>[options] HOST PORT</c> with <paramref name="stdin"/> to its end; killed with its children past <paramref name="deadline"/>.</summary>
    public static Task<ProcessResult> RunClientAsync(string path, IPEndPoint server, Stream? stdin, TimeSpan deadline, IReadOnlyList<string>? options = null, bool sampleMemory = false, CancellationToken cancellationToken = default) =>
        RunAsync(path, [.. options ?? [], server.Address.ToString(), server.Port.ToString(CultureInfo.InvariantCulture)], stdin, deadline, sampleMemory, cancellationToken);

    /// <summary>Runs <paramref name="path"/> with raw <paramref name="arguments"/>.</summary>
    public static Task<ProcessResult> RunAsync(string path, IReadOnlyList<string> arguments, Stream? stdin, TimeSpan deadline, bool sampleMemory = false, CancellationToken cancellationToken = default) =>
        ProcessResult.RunAsync(
            new ChildProcessOptions
            {
                FileName = path,
                Arguments = arguments,
                StdoutCapBytes = 64L << 10,
                StderrCapBytes = StderrCap,
                SampleMemory = sampleMemory,
            },
            stdin ?? new MemoryStream([], writable: false),
            deadline,
            cancellationToken);

    /// <summary>
    /// Whether <paramref name="path"/> offers <paramref name="option"/> (DESIGN.md section 3a): its
    /// <c>--help</c> exits 0 within 5 s and names the option. A spec-only server that takes
    /// <c>--help</c> for a port is killed at the deadline and offers nothing.
    /// </summary>
    public static async Task<bool> OffersAsync(Probe probe, string path, string option, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = TimeSpan.FromSeconds(5);
        var help = await ProgramHelp.RunAsync(path, deadline, cancellationToken).ConfigureAwait(false);
        var offered = ProgramHelp.Names(ProgramHelp.Text(help), option);
        probe.Add($"{Path.GetFileName(path)} --help", $"{Ending(help, deadline)}; {(offered ? "names" : "does not name")} {option}");
        return offered;
    }

    /// <summary>Runs the submission's client and records its stderr for the traceback check.</summary>
    public static async Task<ProcessResult> RunSubmissionClientAsync(Probe probe, string what, IPEndPoint server, Stream? stdin, TimeSpan deadline, bool sampleMemory = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var result = await RunClientAsync(probe.Context.Submission.Client!, server, stdin, deadline, sampleMemory: sampleMemory, cancellationToken: cancellationToken).ConfigureAwait(false);
        probe.Context.RecordClientRun(what, result.Stderr);
        return result;
    }

    /// <summary>How a run ended, for evidence: "exit 0 after 12 ms", "killed by SIGPIPE", "still running at the 10 s deadline (killed)".</summary>
    public static string Ending(ProcessResult result, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(result);
        var ms = (long)result.Elapsed.TotalMilliseconds;
        return result.ExitCode switch
        {
            null => $"still running at the {deadline.TotalSeconds:0.#} s deadline (killed)",
            > 128 and < 160 when SignalName(result.ExitCode.Value - 128) is { } sig => $"killed by {sig} after {ms} ms",
            { } code => $"exit {code} after {ms} ms",
        };
    }

    /// <summary>The name of a signal that ends a process by default, or null.</summary>
    public static string? SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => null,
    };

    /// <summary>Evidence about a run's stderr: first lines, and whether it was cut at the cap.</summary>
    public static string StderrLines(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = ByteText.FirstLines(result.Stderr);
        return result.StderrTruncated ? text + $" (stderr cut at {StderrCap / 1024} KiB)" : text;
    }
}
