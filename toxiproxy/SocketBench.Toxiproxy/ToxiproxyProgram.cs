using System.Runtime.InteropServices;

namespace SocketBench.Toxiproxy;

/// <summary>The program: runtime defaults for the socket event threads, flags, then the server until SIGINT/SIGTERM; returns the exit code.</summary>
internal static class ToxiproxyProgram
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string EventThreads = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>Runs the server; 0 on a clean shutdown, 2 on bad flags, 1 when it cannot start.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // Run socket continuations on the epoll thread: a proxy does tiny non-blocking work per
        // completion, so skipping the thread-pool hop raises throughput (~15% on 2 cores). API work
        // is moved off that thread (HttpConnection), so nothing slow runs inline. Set it to 0 to opt out.
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }

        // One socket event thread per 4 CPUs (at least one) instead of one per CPU: a connection's
        // sockets then usually share a thread, so passing bytes or an end from one to the other
        // wakes no second thread (fresh-connection p50 through the proxy 228 -> 158 us on 2 CPUs).
        if (Environment.GetEnvironmentVariable(EventThreads) is null)
        {
            Environment.SetEnvironmentVariable(EventThreads, Math.Max(1, Environment.ProcessorCount / 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        ToxiproxyArguments parsed;
        try
        {
            parsed = ToxiproxyArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"toxiproxy-server: {e.Message}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync(ToxiproxyArguments.Usage).ConfigureAwait(false);
            return 2;
        }

        if (parsed.ShowHelp)
        {
            await Console.Error.WriteLineAsync(ToxiproxyArguments.Usage).ConfigureAwait(false);
            return 0;
        }

        if (parsed.ShowVersion)
        {
            Console.WriteLine($"toxiproxy-server version {ToxiproxyConstants.Version}");
            return 0;
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        await using var server = new ToxiproxyServer(parsed.Options);
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"toxiproxy-server: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // signalled
        }

        return 0;

        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
