namespace SocketBench.Toxiproxy;

/// <summary>One counter's value: bytes read from the link's source and written to its destination.</summary>
internal readonly record struct TrafficRow(TrafficKey Key, long Received, long Sent);
