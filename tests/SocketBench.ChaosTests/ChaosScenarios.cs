using SocketBench.Processes;
using System.Text;
using NUnit.Framework;
using SocketBench.Testing;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.ChaosTests;

/// <summary>The scenario catalogue of issue 5: every toxic with the one outcome it must produce.</summary>
public static class ChaosScenarios
{
    private const ToxicStream Up = ToxicStream.Upstream;
    private const ToxicStream Down = ToxicStream.Downstream;

    /// <summary>The option both sides need for the receipts column.</summary>
    public const string ReceiptOption = "--receipt";

    /// <summary>Every scenario, each undetectable-loss one followed by its receipts twin (see <see cref="WithReceipts"/>).</summary>
    public static IReadOnlyList<ChaosScenario> All { get; } = [.. Base().SelectMany(s => s.Flagged ? [s, WithReceipts(s)] : new[] { s })];

    /// <summary>
    /// The receipts twin of an undetectable-loss scenario: the same fault with <c>--receipt</c> on
    /// both sides. The server's receipt says what reached its stdout, so the client notices the loss:
    /// a detected failure (exit 74 with its <c>client: receipt:</c> line), and the server serves the
    /// next client whole as before.
    /// </summary>
    public static ChaosScenario WithReceipts(ChaosScenario lossy)
    {
        ArgumentNullException.ThrowIfNull(lossy);
        var check = lossy.Check;
        return lossy with
        {
            Name = lossy.Name + " +receipt",
            Expected = Outcome.DetectedFailure,
            Receipts = true,
            Check = (client, o) => check?.Invoke(client, o) ?? ReceiptLine(o),
        };
    }

    private static string? ReceiptLine(Observation o) =>
        o.ClientStderr.Split('\n').Any(l => l.StartsWith("client: receipt: ", StringComparison.Ordinal)) ? null : "no `client: receipt: ...` line on the client's stderr";

    private static IEnumerable<ChaosScenario> Base() =>
    [
        Deliver("latency-100ms", 10_000, [new LatencyToxic { LatencyMilliseconds = 100, Stream = Up }, new LatencyToxic { LatencyMilliseconds = 100, Stream = Down }]),
        Deliver("latency-jitter", 100_000, [new LatencyToxic { LatencyMilliseconds = 50, JitterMilliseconds = 40, Stream = Up }, new LatencyToxic { LatencyMilliseconds = 50, JitterMilliseconds = 40, Stream = Down }]),
        Deliver("slicer-tiny-upstream", 64 * 1024, [new SlicerToxic { AverageSizeBytes = 8, SizeVariationBytes = 7, Stream = Up }]),
        Deliver("slicer-delay-8MiB", 8 * 1024 * 1024, [new SlicerToxic { AverageSizeBytes = 16 * 1024, SizeVariationBytes = 8 * 1024, DelayMicroseconds = 200, Stream = Up }], cost: 2),
        Deliver("bandwidth-64KBps-1MiB", 1024 * 1024, [new BandwidthToxic { RateKilobytesPerSecond = 64, Stream = Up }], cost: 16),
        Deliver("bandwidth-small-sndbuf", 2 * 1024 * 1024, [new BandwidthToxic { RateKilobytesPerSecond = 1024, Stream = Up }], cost: 3, args: ["--send-buffer", "4096"]) with
        {
            Check = (client, o) => client is "csharp" or "c" or "python" && o.PartialSends == 0 ? $"client={client} reported partial_sends=0 under a bandwidth toxic with a 4 KiB send buffer" : null,
            NeedsClientExtension = "--send-buffer and the -v stats line",
        },
        Deliver("slow-close-downstream", 10_000, [new SlowCloseToxic { DelayMilliseconds = 500, Stream = Down }]),
        new("proxy-down-then-up", Outcome.Recovered, ProxyDownThenUpAsync, Cost: 2) { NeedsClientExtension = "connect retries" },
        new("proxy-down-for-good", Outcome.DetectedFailure, ProxyDownForGoodAsync),
        Fault("reset-peer-immediate", 64 * 1024, Outcome.DetectedFailure, [new ResetPeerToxic { TimeoutMilliseconds = 0, Stream = Up }]),
        Fault("reset-peer-after-500ms", 4 * 1024 * 1024, Outcome.DetectedFailure, [new BandwidthToxic { RateKilobytesPerSecond = 1024, Stream = Up }, new ResetPeerToxic { TimeoutMilliseconds = 500, Stream = Up }], cost: 2),
        // The timeout toxic is there from the first byte: nothing passes, then the proxy closes.
        Fault("timeout-upstream", 10_000, Outcome.UndetectableLoss, [new TimeoutToxic { TimeoutMilliseconds = 300, Stream = Up }]) with { Check = ExactlyLost(0) },
        Fault("limit-data-half", 64 * 1024, Outcome.UndetectableLoss, [new LimitDataToxic { Bytes = 32 * 1024, Stream = Up }]) with { Check = ExactlyLost(32 * 1024) },
        new("disabled-mid-transfer", Outcome.DetectedFailure, DisabledMidTransferAsync, Cost: 2) { Toxics = [new BandwidthToxic { RateKilobytesPerSecond = 512, Stream = Up }] },
        new("slow-client-holds-server", Outcome.Delivered, SlowClientHoldsServerAsync, Cost: 3) { Toxics = [new BandwidthToxic { RateKilobytesPerSecond = 64, Stream = Up }] },
        Deliver("latency-downstream-only", 100_000, [new LatencyToxic { LatencyMilliseconds = 200, Stream = Down }]),
        Deliver("noop-both-ways", 1024 * 1024, [new NoopToxic { Stream = Up }, new NoopToxic { Stream = Down }]),
    ];

    /// <summary>Every scenario whose cost is at most <paramref name="maxCost"/>.</summary>
    public static IEnumerable<ChaosScenario> Quick(int maxCost) => All.Where(s => s.Cost <= maxCost);

    private static ChaosScenario Deliver(string name, int size, ToxicSpec[] toxics, int cost = 1, string[]? args = null) =>
        new(name, Outcome.Delivered, c => c.SendAndObserveAsync(Payload(name, size), expectWhole: true, args ?? []), cost) { Toxics = toxics };

    private static ChaosScenario Fault(string name, int size, Outcome expected, ToxicSpec[] toxics, int cost = 1) =>
        new(name, expected, c => c.SendAndObserveAsync(Payload(name, size), expectWhole: false, "--retries", "0"), cost) { Toxics = toxics };

    /// <summary>Undetectable loss must be exactly the toxic's: the server printed <paramref name="reached"/> bytes, no fewer (lost in the proxy or the harness) and no more.</summary>
    private static Func<string, Observation, string?> ExactlyLost(int reached) =>
        (_, o) => o.ClientOutput.Length == reached ? null : $"the toxic lets exactly {reached} bytes reach the server; it printed {o.ClientOutput.Length}";

    /// <summary>Deterministic binary payload (its first line names the scenario, for humans reading stdout).</summary>
    internal static byte[] Payload(string name, int size)
    {
        var bytes = new byte[size];
        new Random(name.GetHashCode(StringComparison.Ordinal) & 0x7fff).NextBytes(bytes);
        var head = Encoding.ASCII.GetBytes($"[{name}]\n");
        head.AsSpan(0, Math.Min(head.Length, size)).CopyTo(bytes);
        return bytes;
    }

    private static async Task<Observation> ProxyDownThenUpAsync(ChaosContext c)
    {
        // The port is given up while the proxy is down: one outside the ephemeral range, so no
        // outgoing connection of a test running in parallel can take it meanwhile.
        await c.Proxy.SetAddressesAsync(null, ListenAddress.Loopback(FreePort.OutsideEphemeralRange()));
        await c.Proxy.DisableAsync();
        var message = Payload("recovered", 50_000);
        Task<ClientResult> run;

        // While the proxy is down its port answers nothing; once two attempts were seen (so the
        // first one failed), the proxy comes back on the same port.
        using (var held = await UnansweredPort.OpenAsync(c.Proxy.ListenPort))
        {
            run = c.SendThroughProxyAsync(message, "--retries", "30", "--connect-timeout", "0.3");
            Assert.That(await held.WaitForAttemptsAsync(2, TimeSpan.FromSeconds(30)), Is.True, "two connect attempts while the proxy was down");
        }

        // The held port's last socket can still be tearing down in the kernel for a moment after its
        // close (seen in CI: "bind: address already in use"); wait, bounded, until the proxy can take it.
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    await c.Proxy.EnableAsync();
                    return true;
                }
                catch (ToxiproxyApiException e) when (e.Message.Contains("address already in use", StringComparison.Ordinal))
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(5),
            "the proxy listening again on its port");
        return await c.ObserveAsync(message, await run, expectWhole: true);
    }

    private static async Task<Observation> ProxyDownForGoodAsync(ChaosContext c)
    {
        await c.Proxy.DisableAsync();
        return await c.SendAndObserveAsync(Payload("down", 10_000), expectWhole: false, "--retries", "2");
    }

    private static async Task<Observation> DisabledMidTransferAsync(ChaosContext c)
    {
        // Far more than the socket buffers on both sides of the proxy can hold (several MiB each),
        // so the client is still sending when the proxy goes away: with 8 MiB the whole message
        // could sit in buffers and the client then read the proxy's FIN before its RST (exit 0).
        var message = Payload("disabled-mid-transfer", 64 * 1024 * 1024);
        var run = c.SendThroughProxyAsync(message, "--retries", "0");
        await Eventually.AssertAsync(() => c.Server.Child.Stdout.TotalBytes >= 64 * 1024 || run.IsCompleted, TimeSpan.FromSeconds(30), () => "64 KiB through the proxy");
        await c.Proxy.DisableAsync();
        return await c.ObserveAsync(message, await run, expectWhole: false);
    }

    /// <summary>A slow client through the proxy holds the sequential server; direct clients queue and all get through after it.</summary>
    private static async Task<Observation> SlowClientHoldsServerAsync(ChaosContext c)
    {
        var slow = Payload("slow-client", 128 * 1024);
        var slowRun = c.SendThroughProxyAsync(slow);
        await Eventually.AssertAsync(() => c.Server.Child.Stdout.TotalBytes > 0 || slowRun.IsCompleted, TimeSpan.FromSeconds(30), () => "the slow client's first bytes");

        var fast = Enumerable.Range(0, 5).Select(i => Encoding.ASCII.GetBytes($"fast client {i} waited its turn\n")).ToArray();
        string[] fastArgs = c.ClientHasExtensions ? ["--drain-timeout", "60"] : [];
        var fastRuns = fast.Select(m => ClientRunner.RunAsync(c.Client, "127.0.0.1", c.Server.Port, m, fastArgs, TimeSpan.FromSeconds(120))).ToArray();
        var slowResult = await slowRun;
        var fastResults = await Task.WhenAll(fastRuns);
        Assert.That(fastResults.Select(r => r.ExitCode), Is.All.EqualTo(0), string.Join("; ", fastResults.Select(r => r.ToString())));

        var observed = await c.ObserveAsync(slow, slowResult, expectWhole: true);

        // The whole output: the slow client's message, then the five queued ones, each whole, in
        // the order the server accepted them (their connects raced, so any order), nothing else.
        var output = observed.ClientOutput;
        var head = output.AsSpan(0, Math.Min(slow.Length, output.Length)).ToArray();
        var rest = Encoding.ASCII.GetString(output.AsSpan(head.Length)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        var expectedRest = fast.Select(f => Encoding.ASCII.GetString(f).TrimEnd('\n')).Order(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(output, Has.Length.EqualTo(slow.Length + fast.Sum(f => f.Length)), "output length: the slow message and the five queued ones");
            Assert.That(head, Is.EqualTo(slow), "the slow client's message first, whole");
            Assert.That(rest, Is.EqualTo(expectedRest), "then each queued client's message, whole");
        });
        return observed with { ClientOutput = head };
    }
}
