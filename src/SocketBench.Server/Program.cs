using SocketBench;
using SocketBench.Cli;
using SocketBench.Server;

Diagnostics.Program = "server";
ServerOptions options;
try
{
    options = ServerArguments.Parse(args);
}
catch (UsageException e)
{
    Diagnostics.Line(e.Message);
    return (int)ExitCode.Usage;
}

if (options.Help)
{
    Console.Out.WriteLine(ServerArguments.Usage);
    return (int)ExitCode.Ok;
}

if (options.Version)
{
    Console.Out.WriteLine($"server (SocketBench, C#) {typeof(ServerOptions).Assembly.GetName().Version?.ToString(3)}");
    return (int)ExitCode.Ok;
}

try
{
    return (int)MessageServer.Run(options);
}
catch (Exception e)
{
    Diagnostics.Line($"internal error: {e.GetType().Name}: {e.Message}");
    return (int)ExitCode.Software;
}
