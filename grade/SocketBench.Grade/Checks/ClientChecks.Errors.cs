using System.Net;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <content>Errors: no server, a reset mid-send, bad arguments, and never a stack trace.</content>
internal static partial class ClientChecks
{
    private static readonly TimeSpan ErrorDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Markers of an unhandled exception's dump in the usual languages.</summary>
    private static readonly string[] TraceMarkers =
    [
        "Traceback (most recent call last)", "Unhandled exception", "   at ", "panic: ", "goroutine ", "Exception in thread", "\tat ", "stack backtrace:", "core dumped",
    ];

    private static async Task<CheckOutcome> NoServerAsync(Probe p, CancellationToken ct)
    {
        var port = FreePort.Get();
        var run = await Programs.RunSubmissionClientAsync(p, "no server listening", new IPEndPoint(IPAddress.Loopback, port), new MemoryStream("nobody listens\n"u8.ToArray(), writable: false), ErrorDeadline, cancellationToken: ct);
        p.Context.RecordExit("client no server", run.ExitCode);
        p.Add("target", $"127.0.0.1 port {port}, where nothing listens (connection refused)");
        return ErrorExit(p, run, ErrorDeadline, "no server");
    }

    private static async Task<CheckOutcome> ResetMidSendAsync(Probe p, CancellationToken ct)
    {
        var input = new PatternBytes(64L << 20, 11);
        var matcher = new OutputMatcher(input);
        using var receiver = new SlowReceiver(64 * 1024);
        var serving = receiver.ServeAsync(matcher, TimeSpan.Zero, 256 * 1024, ct);
        var run = await Programs.RunSubmissionClientAsync(p, "reset mid-send", receiver.EndPoint, input.OpenRead(), ErrorDeadline, cancellationToken: ct);
        await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(2), ct));
        p.Context.RecordExit("client reset", run.ExitCode);
        p.Add("server", $"ours; read {matcher.Received} bytes of a 64 MiB message, then reset the connection (RST)");
        return ErrorExit(p, run, ErrorDeadline, "a reset mid-send");
    }

    private static async Task<CheckOutcome> BadArgumentsAsync(Probe p, CancellationToken ct)
    {
        string[][] cases = [[], ["127.0.0.1"], ["127.0.0.1", "notaport"], ["127.0.0.1", "99999"]];
        var failures = new List<string>();
        foreach (var args in cases)
        {
            var shown = args.Length == 0 ? "(no arguments)" : string.Join(' ', args);
            var run = await Programs.RunAsync(p.Context.Submission.Client!, args, new MemoryStream("hello\n"u8.ToArray(), writable: false), TimeSpan.FromSeconds(10), cancellationToken: ct);
            p.Context.RecordClientRun("arguments " + shown, run.Stderr);
            p.Context.RecordExit("client bad arguments " + shown, run.ExitCode);
            p.Add(shown, $"{Programs.Ending(run, TimeSpan.FromSeconds(10))}; stderr: {Programs.StderrLines(run)}");
            if (run.ExitCode is null or 0 || run.Stderr.Trim().Length == 0)
            {
                failures.Add(shown);
            }
        }

        return CheckOutcome.Verdict(
            failures.Count == 0,
            "every bad command line ended non-zero with a message",
            $"not a non-zero exit with a message for: {string.Join("; ", failures)}");
    }

    private static Task<CheckOutcome> NoTracebackAsync(Probe p, CancellationToken ct)
    {
        _ = ct;
        var runs = p.Context.ClientRuns;
        if (runs.Count == 0)
        {
            return Task.FromResult(CheckOutcome.Skip("no client runs to look at"));
        }

        var dumps = runs.Where(r => TraceMarkers.Any(m => r.Stderr.Contains(m, StringComparison.Ordinal))).ToList();
        p.Add("looked at", $"stderr of {runs.Count} client runs in this grade");
        foreach (var (what, stderr) in dumps.Take(3))
        {
            p.Add(what, ByteText.FirstLines(stderr, 4));
        }

        return Task.FromResult(CheckOutcome.Verdict(
            dumps.Count == 0,
            $"no stack trace or traceback in {runs.Count} runs",
            $"a stack trace or traceback in {dumps.Count} of {runs.Count} runs ({string.Join(", ", dumps.Select(d => d.What).Distinct().Take(4))}): catch the error and print one line"));
    }

    /// <summary>An error must end the client: non-zero, by itself (not a signal), with a message, before the deadline.</summary>
    private static CheckOutcome ErrorExit(Probe p, ProcessResult run, TimeSpan deadline, string what)
    {
        p.Add("client", Programs.Ending(run, deadline));
        p.Add("client stderr", Programs.StderrLines(run));
        return run.ExitCode switch
        {
            null => CheckOutcome.Fail($"after {what} the client did not exit within {deadline.TotalSeconds:0} s"),
            0 => CheckOutcome.Fail($"after {what} the client exited 0: report the error and exit non-zero"),
            > 128 and < 160 when Programs.SignalName(run.ExitCode.Value - 128) is { } sig =>
                CheckOutcome.Fail($"after {what} the client was killed by {sig}{(sig == "SIGPIPE" ? " (ignore SIGPIPE or send with MSG_NOSIGNAL, then handle EPIPE)" : "")}"),
            { } code when run.Stderr.Trim().Length == 0 => CheckOutcome.Fail($"after {what} the client exited {code} without a message on stderr"),
            { } code => CheckOutcome.Pass($"{what}: exited {code} with a message"),
        };
    }
}
