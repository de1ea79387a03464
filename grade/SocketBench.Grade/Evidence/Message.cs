namespace SocketBench.Grade.Evidence;

/// <summary>A test message: its name (the check ID's tail), how to make its bytes, and what it probes.</summary>
/// <param name="Name">The check ID's tail, e.g. <c>text-100k</c>.</param>
/// <param name="Make">Makes the bytes (on demand: the 64 MiB one is not made under --quick).</param>
/// <param name="What">What it probes, for the card.</param>
/// <param name="Large">True for the one left out of --quick.</param>
public sealed record Message(string Name, Func<byte[]> Make, string What, bool Large = false);
