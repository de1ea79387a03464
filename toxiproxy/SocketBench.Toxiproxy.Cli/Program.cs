using SocketBench.Toxiproxy.Cli;

return await CliProgram.RunAsync(args, Console.Out, Console.Error, !Console.IsOutputRedirected).ConfigureAwait(false);
