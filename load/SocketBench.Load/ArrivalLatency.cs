namespace SocketBench.Load;

/// <summary>One client's response time (<paramref name="LatencyMs"/>) by its scheduled start, <paramref name="AtS"/> seconds into the load; <paramref name="Ok"/> false for a failure.</summary>
public sealed record ArrivalLatency(double AtS, double LatencyMs, bool Ok);
