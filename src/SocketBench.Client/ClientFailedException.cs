namespace SocketBench.Client;

/// <summary>The client cannot finish; <see cref="Exception.Message"/> is the one line printed.</summary>
internal sealed class ClientFailedException(ExitCode code, string message) : Exception(message)
{
    public ExitCode Code { get; } = code;
}
