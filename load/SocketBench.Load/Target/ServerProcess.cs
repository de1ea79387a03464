using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace SocketBench.Load.Target;

/// <summary>
/// A server implementation started by the runner: <c>server --backlog B --bind 127.0.0.1 0</c>,
/// its port read from the first stderr line (the number after the word "port"), its stdout
/// parsed into the <see cref="MessageLedger"/>. Stopped with SIGTERM by its own pid, then killed
/// if it outlives the grace period.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly OutputParser _parser;
    private readonly Task _stdout;
    private readonly Task _stderr;
    private readonly Queue<string> _log = new();
    private long _logLines;
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ServerProcess, byte> Live = new();

    private ServerProcess(Process process, MessageLedger ledger)
    {
        _process = process;
        Ledger = ledger;
        _parser = new OutputParser(ledger);
        _stdout = _parser.RunAsync(process.StandardOutput.BaseStream, CancellationToken.None);
        _stderr = ReadStderrAsync();
    }

    public MessageLedger Ledger { get; }

    public int Pid => _process.Id;

    public int Port { get; private set; }

    public int Backlog { get; private init; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public long OutputBytes => _parser.BytesRead;

    public bool HasExited => _process.HasExited;

    /// <summary>Gets the number of stderr lines so far (one per client error, by the server contract).</summary>
    public long LogLines => Interlocked.Read(ref _logLines);

    /// <summary>Gets the last <paramref name="count"/> stderr lines.</summary>
    public IReadOnlyList<string> LastLog(int count)
    {
        lock (_log)
        {
            return [.. _log.Skip(Math.Max(0, _log.Count - count))];
        }
    }

    /// <summary>Gets the last stderr lines (at most 200), for diagnostics.</summary>
    public string RecentLog
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(string executable, int backlog, CancellationToken cancellationToken)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"server not found: {executable} (run `make build`, or set IMPL)", executable);
        }

        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["--backlog", backlog.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "0"])
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {executable}");
        var server = new ServerProcess(process, new MessageLedger()) { Backlog = backlog };
        Live[server] = 0;
        try
        {
            server.Port = await server._port.Task.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{executable} did not log its port within {StartTimeout.TotalSeconds} s; stderr: {server.RecentLog}", ex);
        }

        return server;
    }

    /// <summary>Parses the port from a start-up line: the number after the word "port".</summary>
    internal static int? ParsePort(string line)
    {
        var words = line.Split([' ', '\t', ',', ';', '='], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (words[i].Equals("port", StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(words[i + 1].TrimEnd('.', ')'), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                return port;
            }
        }

        return null;
    }

    /// <summary>Sends SIGTERM, waits for a clean exit; kills it past the deadline. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Native.Kill(_process.Id, Native.SigTerm);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _process.Kill();
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        await Task.WhenAll(_stdout, _stderr).WaitAsync(StopTimeout).ConfigureAwait(false);
        return _process.ExitCode;
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

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _parser.Dispose();
        _process.Dispose();
    }

    private async Task ReadStderrAsync()
    {
        const int Keep = 200;
        var reader = _process.StandardError;
        for (var line = await reader.ReadLineAsync().ConfigureAwait(false); line is not null; line = await reader.ReadLineAsync().ConfigureAwait(false))
        {
            if (!_port.Task.IsCompleted && ParsePort(line) is { } port)
            {
                _port.TrySetResult(port);
            }

            Interlocked.Increment(ref _logLines);
            lock (_log)
            {
                _log.Enqueue(line);
                while (_log.Count > Keep)
                {
                    _log.Dequeue();
                }
            }
        }

        _port.TrySetException(new InvalidOperationException("server closed stderr before logging its port"));
    }
}
