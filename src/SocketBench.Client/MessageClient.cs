using System.Net;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Polly.Retry;
using Polly.Timeout;

namespace SocketBench.Client;

/// <summary>
/// Connects (through <see cref="ConnectPipeline"/>), streams stdin to the server in fixed chunks,
/// half-closes, and waits a bounded time for the server's close (DESIGN.md section 3).
/// </summary>
internal sealed class MessageClient(ClientOptions options, TimeProvider time)
{
    public ClientStats Stats { get; } = new();

    /// <summary>Runs the whole exchange; failures surface as <see cref="ClientFailedException"/>.</summary>
    public async Task RunAsync(Stream stdin)
    {
        using var socket = await ConnectAsync().ConfigureAwait(false);
        var loop = new SendLoop(new SocketSendTarget(socket), Stats);
        StreamStdin(stdin, loop);
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException e)
        {
            throw new ClientFailedException(ExitCode.IoError, $"half-close failed after {Stats.Sent} bytes ({e.SocketErrorCode}); delivery not confirmed");
        }

        Drain(socket);
    }

    /// <summary>Opens fd 0 unbuffered (the client reads it in its own fixed chunks).</summary>
    public static Stream OpenStdin() => new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);

    /// <summary>
    /// The first attempt runs directly on this thread (for an address literal it completes
    /// synchronously: no Polly pipeline, timer or thread pool on the common path). Only when it
    /// fails with a retryable error is the pipeline built; its first execution replays that
    /// failure, so delays, retry lines and the attempt count are the pipeline's as before.
    /// </summary>
    private async Task<Socket> ConnectAsync()
    {
        var connector = new Connector(new SocketConnector(options.SendBuffer), time);
        var started = time.GetTimestamp();
        Exception first;
        Stats.Attempts = 1;
        try
        {
            return await FirstAttemptAsync(connector).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or TimeoutRejectedException)
        {
            if (options.Retries == 0 || ConnectPipeline.Classify(e) != FailureKind.Retryable)
            {
                throw Failed(e);
            }

            first = e;
        }

        var pipeline = ConnectPipeline.Build(options, time, OnRetry, time.GetElapsedTime(started));
        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    if (state.Replay.Failure is { } failure)
                    {
                        state.Replay.Failure = null;
                        throw failure;
                    }

                    state.Stats.Attempts++;
                    return await state.connector.ConnectAsync(state.options.Host, state.options.Port, state.options.ConnectTimeout, ct).ConfigureAwait(false);
                },
                (Stats, options, connector, Replay: new FirstFailure { Failure = first }),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or TimeoutRejectedException)
        {
            throw Failed(e);
        }
    }

    /// <summary>One attempt bounded by the connect timeout; a name lookup gets a cancellable token.</summary>
    private async ValueTask<Socket> FirstAttemptAsync(Connector connector)
    {
        if (IPAddress.TryParse(options.Host, out _))
        {
            return await connector.ConnectAsync(options.Host, options.Port, options.ConnectTimeout, CancellationToken.None).ConfigureAwait(false);
        }

        using var attempt = new CancellationTokenSource(options.ConnectTimeout, time);
        try
        {
            return await connector.ConnectAsync(options.Host, options.Port, options.ConnectTimeout, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested)
        {
            throw new TimeoutRejectedException("the first connect attempt timed out");
        }
    }

    private ClientFailedException Failed(Exception e)
    {
        var kind = ConnectPipeline.Classify(e);
        var reason = e is SocketException se ? $"{se.SocketErrorCode}: {se.Message}" : "timed out";
        var what = kind == FailureKind.Retryable
            ? $"cannot connect to {options.Host} port {options.Port} after {Stats.Attempts} attempt(s) ({reason})"
            : kind == FailureKind.NoHost
                ? $"unknown host '{options.Host}' ({reason})"
                : $"cannot connect to {options.Host} port {options.Port} ({reason})";
        return new ClientFailedException(SocketErrorClassifier.ConnectExitCode(kind), what);
    }

    private ValueTask OnRetry(OnRetryArguments<object> args)
    {
        if (options.Verbose)
        {
            var why = args.Outcome.Exception is SocketException se ? se.SocketErrorCode.ToString() : "attempt timed out";
            Diagnostics.Line($"connect failed ({why}); retry {args.AttemptNumber + 1}/{options.Retries} in {(int)args.RetryDelay.TotalMilliseconds} ms");
        }

        return ValueTask.CompletedTask;
    }

    private void StreamStdin(Stream stdin, SendLoop loop)
    {
        var buffer = new byte[options.ChunkSize];
        while (true)
        {
            int n;
            try
            {
                n = stdin.Read(buffer, 0, buffer.Length);
            }
            catch (IOException e)
            {
                throw new ClientFailedException(ExitCode.IoError, $"stdin read failed after {Stats.Sent} bytes sent: {e.Message}");
            }

            if (n == 0)
            {
                return;
            }

            loop.SendAll(buffer.AsSpan(0, n));
        }
    }

    /// <summary>Waits for the server's close; a reset means delivery is not confirmed (74).</summary>
    private void Drain(Socket socket)
    {
        Span<byte> sink = stackalloc byte[512];
        var started = time.GetTimestamp();
        while (true)
        {
            var left = options.DrainTimeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                if (options.Verbose)
                {
                    Diagnostics.Line($"server did not close within {options.DrainTimeout.TotalSeconds:0.###} s after the last byte; not waiting longer");
                }

                return;
            }

            // In slices: Socket.Poll takes at most int.MaxValue microseconds (~35 min).
            if (!socket.Poll(left < ClientConstants.WritablePollSlice ? left : ClientConstants.WritablePollSlice, SelectMode.SelectRead))
            {
                continue;
            }

            var n = socket.Receive(sink, SocketFlags.None, out var error);
            if (error == SocketError.Success && n == 0)
            {
                return;
            }

            if (error is not (SocketError.Success or SocketError.WouldBlock))
            {
                throw new ClientFailedException(ExitCode.IoError, $"connection {error} while waiting for the server's close, after {Stats.Sent} bytes sent; delivery not confirmed");
            }
        }
    }
}

/// <summary>The first attempt's failure, replayed once as the pipeline's first outcome.</summary>
internal sealed class FirstFailure
{
    public Exception? Failure { get; set; }
}
