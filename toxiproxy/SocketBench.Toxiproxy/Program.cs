using SocketBench.Toxiproxy;

return await ToxiproxyProgram.RunAsync(args).ConfigureAwait(false);
