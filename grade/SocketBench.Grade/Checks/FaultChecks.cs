using System.Globalization;
using System.Net;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Model;
using SocketBench.Grade.Running;
using SocketBench.Processes;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Grade.Checks;

/// <summary>The faults tier: a few chaos scenarios through our fault proxy, for each side present. Never fails the grade.</summary>
internal static class FaultChecks
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(30);
    private static readonly FaultOutcome[] Delivered = [FaultOutcome.Delivered];
    private static readonly FaultOutcome[] Lossy = [FaultOutcome.DetectedFailure, FaultOutcome.UndetectableLoss];

    public static IEnumerable<CheckDefinition> All()
    {
        yield return Scenario("fault-latency", "100 ms latency each way", 10_000, Delivered, new LatencyToxic { LatencyMilliseconds = 100, Stream = ToxicStream.Upstream }, new LatencyToxic { LatencyMilliseconds = 100, Stream = ToxicStream.Downstream });
        yield return Scenario("fault-slicer", "the stream cut into 1-15 byte slices", 64 * 1024, Delivered, new SlicerToxic { AverageSizeBytes = 8, SizeVariationBytes = 7, Stream = ToxicStream.Upstream });
        yield return Scenario("fault-bandwidth", "256 KB/s towards the server", 512 * 1024, Delivered, new BandwidthToxic { RateKilobytesPerSecond = 256, Stream = ToxicStream.Upstream });
        yield return Scenario("fault-reset-peer", "the proxy resets the connection as data arrives", 64 * 1024, Lossy, new ResetPeerToxic { TimeoutMilliseconds = 0, Stream = ToxicStream.Upstream });
        yield return Scenario("fault-limit-data", "the proxy passes 32 KiB, then closes both sides cleanly", 64 * 1024, Lossy, new LimitDataToxic { Bytes = 32 * 1024, Stream = ToxicStream.Upstream });
        yield return Scenario("fault-timeout", "the proxy swallows data for 300 ms, then closes", 10_000, Lossy, new TimeoutToxic { TimeoutMilliseconds = 300, Stream = ToxicStream.Upstream });
    }

    private static CheckDefinition Scenario(string id, string what, int size, FaultOutcome[] acceptable, params ToxicSpec[] toxics) =>
        new(id, TierId.Faults, Side.Both, SpecText.Faults, (p, ct) => RunAsync(p, id, what, Messages.Binary(size, id.Length * 31), acceptable, toxics, ct))
        {
            InQuick = false,
        };

    private static async Task<CheckOutcome> RunAsync(Probe p, string id, string what, byte[] message, FaultOutcome[] acceptable, ToxicSpec[] toxics, CancellationToken ct)
    {
        var proxy = await p.Context.ProxyAsync();
        p.Add("fault", $"{what}; message {ByteText.Size(message.Length)}; acceptable: {string.Join(" or ", acceptable)}");
        var problems = new List<string>();
        if (p.Context.Submission.Client is not null)
        {
            var outcome = await ClientSideAsync(p, proxy, id, message, toxics, ct);
            if (!acceptable.Contains(outcome))
            {
                problems.Add($"their client: {outcome}");
            }
        }

        if (p.Context.Submission.Server is not null && p.Context.ServerStartFailure is null)
        {
            if (await ServerSideAsync(p, proxy, id, message, toxics, ct) is { } problem)
            {
                problems.Add("their server: " + problem);
            }
        }

        return problems.Count == 0
            ? CheckOutcome.Pass($"{what}: as expected ({string.Join(", ", p.Evidence.Where(e => e.Key.EndsWith("outcome", StringComparison.Ordinal)).Select(e => e.Value.Split(':')[0]))})")
            : CheckOutcome.Fail(string.Join("; ", problems));
    }

    /// <summary>Their client through the proxy to our server.</summary>
    private static async Task<FaultOutcome> ClientSideAsync(Probe p, FaultProxy proxy, string id, byte[] message, ToxicSpec[] toxics, CancellationToken ct)
    {
        var matcher = new OutputMatcher(ExpectedBytes.Of(message));
        await using var server = await Programs.StartServerAsync(p.Context.Ours.CsharpServer, matcher, cancellationToken: ct);
        var handle = await ProxyToAsync(proxy, id + "-client", server.EndPoint, toxics, ct);
        try
        {
            var run = await Programs.RunSubmissionClientAsync(p, id, new IPEndPoint(IPAddress.Loopback, handle.ListenPort), new MemoryStream(message, writable: false), RunDeadline, cancellationToken: ct);
            await Poll.UntilAsync(() => matcher.Complete, TimeSpan.FromSeconds(2), cancellationToken: ct);
            var prefix = matcher.Describe() is not { } m || (m.ActualAfter.Length == 0 && m.Received < m.ExpectedLength);
            var outcome = Classify(run.ExitCode, prefix, matcher.Matches);
            p.Add("client outcome", $"{outcome}: {Programs.Ending(run, RunDeadline)}; our server printed {matcher.Received} of {message.Length} bytes{(prefix ? "" : " (not a prefix of the message: garbage)")}");
            if (outcome != FaultOutcome.Delivered && run.Stderr.Trim().Length > 0)
            {
                p.Add("client stderr", Programs.StderrLines(run));
            }

            return outcome;
        }
        finally
        {
            await handle.DeleteAsync(CancellationToken.None);
        }
    }

    /// <summary>Our client through the proxy to their server; then a direct client must be served whole. Null when the server behaved.</summary>
    private static async Task<string?> ServerSideAsync(Probe p, FaultProxy proxy, string id, byte[] message, ToxicSpec[] toxics, CancellationToken ct)
    {
        await using var server = await Programs.StartSubmissionServerAsync(p, null, ct);
        var handle = await ProxyToAsync(proxy, id + "-server", server.EndPoint, toxics, ct);
        ProcessResult run;
        try
        {
            run = await Programs.RunClientAsync(p.Context.Ours.CsharpClient, new IPEndPoint(IPAddress.Loopback, handle.ListenPort), new MemoryStream(message, writable: false), RunDeadline, ["--retries", "0"], cancellationToken: ct);
        }
        finally
        {
            await handle.DeleteAsync(CancellationToken.None);
        }

        var next = "served after the fault\n"u8.ToArray();
        await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= message.Length || server.Child.HasExited, TimeSpan.FromSeconds(1), cancellationToken: ct);
        var first = server.Child.Stdout.TotalBytes;
        var direct = server.Child.HasExited ? null : await Programs.RunClientAsync(p.Context.Ours.CsharpClient, server.EndPoint, new MemoryStream(next, writable: false), RunDeadline, cancellationToken: ct);
        await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= first + next.Length || server.Child.HasExited, TimeSpan.FromSeconds(5), cancellationToken: ct);
        var output = server.Child.Stdout.ToArray();
        var head = (int)Math.Min(first, output.Length);
        var prefix = head <= message.Length && message.AsSpan(0, head).SequenceEqual(output.AsSpan(0, head));
        var nextWhole = output.AsSpan(head).SequenceEqual(next);
        p.Add("server outcome", string.Create(CultureInfo.InvariantCulture, $"{(server.Child.HasExited ? "exited " + server.Child.ExitCode : "survived")}: printed {head} of {message.Length} bytes of the faulty connection{(prefix ? "" : " (not a prefix: garbage)")}; our client: {Programs.Ending(run, RunDeadline)}; the next direct client {(nextWhole ? "was served whole" : "was not served whole")}{(direct is null ? "" : $" ({Programs.Ending(direct, RunDeadline)})")}"));
        return server.Child.HasExited ? $"exited (code {server.Child.ExitCode}) after the fault"
            : !prefix ? "printed bytes the client never sent"
            : !nextWhole ? "did not serve the next client whole after the fault"
            : null;
    }

    private static FaultOutcome Classify(int? exitCode, bool prefix, bool whole) => (exitCode, prefix, whole) switch
    {
        (_, false, _) or (null, _, _) => FaultOutcome.Broken,
        (> 128 and < 160, _, _) => FaultOutcome.Broken,
        (0, true, true) => FaultOutcome.Delivered,
        (0, true, false) => FaultOutcome.UndetectableLoss,
        _ => FaultOutcome.DetectedFailure,
    };

    private static async Task<ProxyHandle> ProxyToAsync(FaultProxy proxy, string name, IPEndPoint upstream, ToxicSpec[] toxics, CancellationToken ct)
    {
        var handle = await proxy.Client.CreateProxyAsync(name, new UpstreamAddress(upstream), cancellationToken: ct);
        foreach (var toxic in toxics)
        {
            await handle.AddToxicAsync(toxic, ct);
        }

        return handle;
    }
}
