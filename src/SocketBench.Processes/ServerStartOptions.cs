namespace SocketBench.Processes;

/// <summary>How to start a server program (<see cref="ServerProcess.StartAsync"/>).</summary>
public sealed record ServerStartOptions
{
    /// <summary>Gets the server executable.</summary>
    public required string FileName { get; init; }

    /// <summary>Gets the server's name in reports and messages.</summary>
    /// <value>Default: the executable's file name.</value>
    public string? Name { get; init; }

    /// <summary>Gets arguments put before the port (options; or a wrapper's own arguments and the server's path).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets the port passed as the last argument.</summary>
    /// <value>Null (default): a free port from the OS, chosen again if the server dies before listening; 0 passes 0.</value>
    public int? Port { get; init; }

    /// <summary>Gets how long the server may take to listen.</summary>
    /// <value>Default 15 s.</value>
    public TimeSpan ReadyDeadline { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets how many ports are tried when the OS's free port was taken in between.</summary>
    /// <value>Default 3.</value>
    public int Attempts { get; init; } = 3;

    /// <summary>Gets the child options besides file name and arguments (capture caps, stdout reader, memory sampling).</summary>
    public ChildProcessOptions? Child { get; init; }
}
