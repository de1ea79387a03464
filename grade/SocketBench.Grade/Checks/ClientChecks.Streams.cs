using System.Globalization;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <content>Large messages in constant memory; partial sends under a slow reader.</content>
internal static partial class ClientChecks
{
    private const long SmallInput = 1L << 20;
    private const long LargeInput = 1L << 30;
    private const long MemoryBound = 32L << 20;

    private static async Task<CheckOutcome> ConstantMemoryAsync(Probe p, CancellationToken ct)
    {
        var small = await PeakAsync(p, new PatternBytes(SmallInput, 7), ct);
        if (small.Failure is { } f1)
        {
            return CheckOutcome.Fail(f1);
        }

        var large = await PeakAsync(p, new PatternBytes(LargeInput, 8), ct);
        if (large.Failure is { } f2)
        {
            return CheckOutcome.Fail(f2);
        }

        var growth = large.Peak - small.Peak;
        p.Add("peak RSS", $"{Mib(small.Peak)} for 1 MiB, {Mib(large.Peak)} for 1 GiB (growth {Mib(growth)}; bound {Mib(MemoryBound)})");
        return CheckOutcome.Verdict(
            growth <= MemoryBound,
            $"1 GiB streamed in {Mib(large.Peak)} peak RSS ({Mib(small.Peak)} for 1 MiB)",
            $"peak RSS grew by {Mib(growth)} from a 1 MiB to a 1 GiB message: read and send in fixed chunks instead of reading all of stdin first");
    }

    private static async Task<(long Peak, string? Failure)> PeakAsync(Probe p, PatternBytes input, CancellationToken ct)
    {
        var label = input.Length == SmallInput ? "1 MiB" : "1 GiB";
        var matcher = new OutputMatcher(input);
        await using var server = await Programs.StartServerAsync(p.Context.Ours.CsharpServer, matcher, cancellationToken: ct);
        var deadline = TimeSpan.FromSeconds(input.Length == SmallInput ? 30 : 150);
        using var stdin = input.OpenRead();
        var run = await Programs.RunSubmissionClientAsync(p, $"streaming {label}", server.EndPoint, stdin, deadline, sampleMemory: true, ct);
        await Poll.UntilAsync(() => matcher.Complete, ServerChecks.OutputWait(input.Length), cancellationToken: ct);
        p.Add($"{label} run", $"{Programs.Ending(run, deadline)}; it read {stdin.Position} bytes of stdin; {matcher.Received} of {input.Length} bytes arrived; peak RSS {Mib(run.PeakRssBytes)}");

        // A slow machine may not move 1 GiB in time: memory is still judged once a quarter of it went
        // through the client (a client that reads everything first has grown by then).
        if (run.TimedOut && stdin.Position >= input.Length / 4 && matcher.Describe() is { ActualAfter.Length: 0 })
        {
            p.Add($"{label} note", "stopped at the deadline on a slow machine; memory judged on what went through");
            return (run.PeakRssBytes, null);
        }

        if (run.ExitCode != 0 || !matcher.Matches)
        {
            if (matcher.Describe() is { } mismatch)
            {
                p.Add(mismatch.Entries());
            }

            p.Add("client stderr", Programs.StderrLines(run));
            return (0, $"streaming {label} did not end with exit 0 and every byte delivered ({Programs.Ending(run, deadline)}, {matcher.Received} of {input.Length} bytes)");
        }

        return (run.PeakRssBytes, null);
    }

    private static async Task<CheckOutcome> PartialSendsAsync(Probe p, CancellationToken ct)
    {
        var input = new PatternBytes(4L << 20, 9);
        var matcher = new OutputMatcher(input);
        using var receiver = new SlowReceiver(4096);
        var serving = receiver.ServeAsync(matcher, TimeSpan.FromMilliseconds(1), null, ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await Programs.RunSubmissionClientAsync(p, "sending to a slow reader", receiver.EndPoint, input.OpenRead(), ClientDeadline, cancellationToken: ct);
        await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(5), ct));
        p.Add("receiver", $"ours, 4 KiB receive buffer, pausing 1 ms after every {SlowReceiver.PauseEvery / 1024} KiB read, so the client's socket buffer stays full and send() can take only part of a chunk");
        p.Add("client", $"{Programs.Ending(run, ClientDeadline)}");
        p.Add("received", $"{matcher.Received} of {input.Length} bytes in {clock.Elapsed.TotalSeconds:0.0} s");
        if (run.Stderr.Trim().Length > 0)
        {
            p.Add("client stderr", Programs.StderrLines(run));
        }

        if (matcher.Describe() is { } mismatch)
        {
            p.Add(mismatch.Entries());
            return CheckOutcome.Fail($"through a slow reader the bytes were not intact: {mismatch.Headline} (re-send the rest when send() takes only part)");
        }

        return CheckOutcome.Verdict(run.ExitCode == 0, "4 MiB through a slow reader arrived intact", $"the bytes arrived, but the client ended with {Programs.Ending(run, ClientDeadline)}");
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");
}
