namespace SocketBench.Grade.Checks;

/// <summary>The submission's programs (either may be absent).</summary>
internal sealed record Submission(string Name, string? Server, string? Client);
