using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using SocketBench.Processes;

namespace SocketBench.Load.Target;

/// <summary>
/// The server under test, started by the runner through the shared process library:
/// <c>server --backlog B --bind 127.0.0.1 PORT</c> in a process group of its own, ready once a
/// listening socket of its process tree is seen (never a log line), its stdout parsed as it streams
/// into the <see cref="MessageLedger"/>, its stderr kept as a <see cref="ServerLog"/>. Stopped
/// with SIGTERM to its group, killed with its children if it outlives the grace period.
/// </summary>
internal sealed class TargetServer : IAsyncDisposable
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<TargetServer, byte> Live = new();
    private readonly ServerProcess _server;
    private readonly OutputParser _parser;
    private readonly ServerLog _log;

    private TargetServer(ServerProcess server, MessageLedger ledger, OutputParser parser, ServerLog log)
    {
        _server = server;
        Ledger = ledger;
        _parser = parser;
        _log = log;
    }

    public MessageLedger Ledger { get; }

    public int Pid => _server.Child.Pid;

    public int Port => _server.Port;

    public IPEndPoint EndPoint => _server.EndPoint;

    public long OutputBytes => _parser.BytesRead;

    public bool HasExited => _server.Child.HasExited;

    /// <summary>Gets the server's stderr lines (count and the last ones).</summary>
    public ServerLog Log => _log;

    /// <summary>Gets the connections waiting in its accept queue now (sock_diag, else the LISTEN row's rx_queue); null once it no longer listens.</summary>
    public int? AcceptQueue => _server.CurrentListener()?.Queued;

    /// <summary>Gets its resident set size now, in bytes; null once it has gone.</summary>
    public long? ResidentBytes => ProcessTree.ResidentBytes(Pid);

    /// <summary>Starts <paramref name="executable"/> with <paramref name="backlog"/> (and <paramref name="extraArguments"/>, e.g. <c>--concurrency 8</c>) and waits until it listens.</summary>
    /// <exception cref="FileNotFoundException">The server is not built.</exception>
    /// <exception cref="ServerStartException">It exited or did not listen in time.</exception>
    public static async Task<TargetServer> StartAsync(string executable, int backlog, CancellationToken cancellationToken, IReadOnlyList<string>? extraArguments = null)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"server not found: {executable} (run `make build`, or set IMPL)", executable);
        }

        var ledger = new MessageLedger();
        var parser = new OutputParser(ledger);
        var log = new ServerLog();
        var server = await ServerProcess.StartAsync(
            new ServerStartOptions
            {
                FileName = executable,
                Arguments = ["--backlog", backlog.ToString(CultureInfo.InvariantCulture), .. extraArguments ?? [], "--bind", "127.0.0.1"],
                Child = new ChildProcessOptions
                {
                    FileName = executable,
                    StdoutReader = stdout => ReadOutputAsync(parser, stdout),
                    StderrReader = log.ReadAsync,
                },
            },
            cancellationToken).ConfigureAwait(false);
        var target = new TargetServer(server, ledger, parser, log);
        Live[target] = 0;
        return target;
    }

    /// <summary>Sends SIGTERM, waits for the exit (its stdout read to the end); kills it past the deadline. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (await _server.StopAsync(Signals.SigTerm, StopDeadline).ConfigureAwait(false) is { } code)
        {
            return code;
        }

        _server.Child.KillTree();
        return await _server.Child.WaitForExitAsync(StopDeadline).ConfigureAwait(false) ?? -1;
    }

    /// <summary>Stops every server this process started and has not stopped yet (a scenario that failed half-way).</summary>
    public static async Task StopAllAsync()
    {
        foreach (var server in Live.Keys)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Live.TryRemove(this, out _))
        {
            return;
        }

        if (!HasExited)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await _server.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ReadOutputAsync(OutputParser parser, Stream stdout)
    {
        try
        {
            await parser.RunAsync(stdout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed under us (the server was disposed): what was parsed is kept.
        }
    }
}
