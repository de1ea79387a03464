using System.Globalization;

namespace SocketBench.Testing;

/// <summary>What a finished client run left behind.</summary>
public sealed record ClientResult(int? ExitCode, string Stderr, byte[] Stdout)
{
    /// <summary>The numbers on the client's <c>-v</c> stats line, by key (words such as <c>receipt=ok</c> are in <see cref="StatsText"/>).</summary>
    public IReadOnlyDictionary<string, long> Stats() =>
        StatsText().Where(kv => long.TryParse(kv.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => kv.Key, kv => long.Parse(kv.Value, CultureInfo.InvariantCulture));

    /// <summary>Every key=value on the client's <c>-v</c> stats line, as text.</summary>
    public IReadOnlyDictionary<string, string> StatsText()
    {
        var line = Stderr.Split('\n').LastOrDefault(l => l.Contains("sent=", StringComparison.Ordinal) && l.Contains("attempts=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no stats line in stderr: {Stderr}");
        return line[line.IndexOf("sent=", StringComparison.Ordinal)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('='))
            .ToDictionary(kv => kv[0], kv => kv[1]);
    }

    public override string ToString() => $"exit={ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none (killed at deadline)"} stderr=[{Stderr.Trim()}]";
}
