using SocketBench.Bench.Stats;

namespace SocketBench.Bench;

/// <summary>The targets `make bench` reports on (README "Performance"; issues 13 and 14).</summary>
public static class Targets
{
    public static IReadOnlyList<Target> All { get; } =
    [
        new("tput-devnull", "throughput", "C# pair vs C pair, 1 GiB, server stdout to /dev/null", TargetKind.Ratio, Measures.TputDevNull, "csharp", "c", 0.95, Better.Higher, "x"),
        new("tput-pipe", "throughput", "C# pair vs C pair, 1 GiB, server stdout into a pipe", TargetKind.Ratio, Measures.TputPipe, "csharp", "c", 0.95, Better.Higher, "x"),
        new("start-vs-c", "startup", "C# client start-to-exit vs the C client (2 bytes)", TargetKind.Ratio, Measures.Start, "csharp", "c", 3.0, Better.Lower, "x"),
        new("start-vs-python", "startup", "C# client start-to-exit vs the Python client (2 bytes)", TargetKind.Ratio, Measures.Start, "csharp", "python", 0.5, Better.Lower, "x"),
        new("rate", "rate", "C# server connection rate vs the C server (64 B, fresh connections)", TargetKind.Ratio, Measures.Rate, "csharp", "c", 0.9, Better.Higher, "x"),
        new("client-rss", "throughput", "C# client peak RSS, 1 GiB message", TargetKind.Bound, Measures.ClientRss, "csharp 1GiB", null, 30, Better.Lower, "MiB"),
        new("client-rss-flat", "throughput", "C# client peak RSS, 1 GiB vs 1 KiB message", TargetKind.Ratio, Measures.ClientRss, "csharp 1GiB", "csharp 1KiB", 1.10, Better.Lower, "x"),
        new("load", "load", "load runner (11 copies) vs cloadgen -c 11, against the C server (stdout to /dev/null)", TargetKind.Ratio, Measures.LoadRate, "bin/load", "cloadgen", 0.9, Better.Higher, "x"),
        new("proxy-fresh", "proxy", "fresh connections through the proxy vs direct (rate)", TargetKind.Ratio, Measures.ProxyRate, "proxy", "direct", 0.5, Better.Higher, "x"),
        new("proxy-p50", "proxy", "fresh-connection round trip p50 added by the proxy", TargetKind.Difference, Measures.ProxyP50, "proxy", "direct", 100, Better.Lower, "us"),
        new("proxy-bulk", "proxy", "bulk throughput through the proxy vs direct (C pair)", TargetKind.Ratio, Measures.ProxyTput, "proxy", "direct", 0.9, Better.Higher, "x"),
    ];
}
