namespace SocketBench.Bench.Stats;

/// <summary>One measured value: what (measure), of whom (subject), in which interleaved round.</summary>
/// <param name="Measure">What was measured, e.g. <c>tput/devnull</c>.</param>
/// <param name="Subject">Who was measured, e.g. <c>csharp</c>.</param>
/// <param name="Round">The interleaved round it belongs to (pairs are compared round by round).</param>
/// <param name="Value">The value, in <paramref name="Unit"/>.</param>
/// <param name="Unit">The unit, e.g. <c>GiB/s</c>.</param>
public sealed record Sample(string Measure, string Subject, int Round, double Value, string Unit);
