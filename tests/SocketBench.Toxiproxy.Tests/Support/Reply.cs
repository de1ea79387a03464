namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>A raw HTTP reply.</summary>
internal sealed record Reply(int Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers);
