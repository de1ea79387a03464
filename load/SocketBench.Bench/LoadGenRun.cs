using System.Globalization;
using System.Net;

namespace SocketBench.Bench;

/// <summary>One bin/tools/cloadgen run: fresh connections, 64 bytes each, waiting for the server's close.</summary>
public readonly record struct LoadGenRun(double Ok, double Rate, double P50Microseconds, double CpuMilliseconds)
{
    /// <summary>Runs <paramref name="copies"/> closed-loop copies for <paramref name="seconds"/> on the client CPU.</summary>
    public static async Task<LoadGenRun> MeasureAsync(IPEndPoint target, int copies, double seconds)
    {
        var (file, args) = Placement.Client(Tools.CLoadGen,
        [
            "-c", copies.ToString(CultureInfo.InvariantCulture),
            "-t", seconds.ToString(CultureInfo.InvariantCulture),
            target.Address.ToString(), target.Port.ToString(CultureInfo.InvariantCulture),
        ]);
        var line = await Tools.RunAsync(file, args, TimeSpan.FromSeconds(seconds + 30)).ConfigureAwait(false);
        var kv = Tools.KeyValues(line);
        return kv.TryGetValue("rate", out var rate)
            ? new LoadGenRun(kv.GetValueOrDefault("ok"), rate, kv.GetValueOrDefault("p50_us"), kv.GetValueOrDefault("cpu_ms"))
            : throw new BenchException($"cloadgen printed no rate: {line.Trim()}");
    }
}
