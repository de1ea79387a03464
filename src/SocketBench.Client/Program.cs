using SocketBench;
using SocketBench.Cli;
using SocketBench.Client;

Diagnostics.Program = "client";
ClientOptions options;
try
{
    options = ClientArguments.Parse(args);
}
catch (UsageException e)
{
    Diagnostics.Line(e.Message);
    return (int)ExitCode.Usage;
}

if (options.Help)
{
    Console.Out.WriteLine(ClientArguments.Usage);
    return (int)ExitCode.Ok;
}

if (options.Version)
{
    Console.Out.WriteLine($"client (SocketBench, C#) {typeof(ClientOptions).Assembly.GetName().Version?.ToString(3)}");
    return (int)ExitCode.Ok;
}

var time = TimeProvider.System;
var started = time.GetTimestamp();
var client = new MessageClient(options, time);
var code = ExitCode.Ok;
try
{
    using var stdin = MessageClient.OpenStdin();
    await client.RunAsync(stdin).ConfigureAwait(false);
}
catch (ClientFailedException e)
{
    Diagnostics.Line(e.Message);
    code = e.Code;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
{
    Diagnostics.Line($"stdin cannot be read: {e.Message}");
    code = ExitCode.IoError;
}

if (options.Verbose)
{
    Diagnostics.Line(client.Stats.Format(time.GetElapsedTime(started)));
}

return (int)code;
