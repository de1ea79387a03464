namespace SocketBench.Grade.Running;

/// <summary>A check ended early with a failure whose reason is the message.</summary>
internal sealed class CheckFailedException(string summary) : Exception(summary);
