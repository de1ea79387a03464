
namespace SocketBench.Load;

/// <summary>Thrown by <see cref="RunResult.EnsurePassed"/>.</summary>
public sealed class ThresholdFailedException : Exception
{
    public ThresholdFailedException()
    {
    }

    public ThresholdFailedException(string message)
        : base(message)
    {
    }

    public ThresholdFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
