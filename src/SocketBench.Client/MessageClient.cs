using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Polly.Retry;
using Polly.Timeout;
using SocketBench.Delivery;

namespace SocketBench.Client;

/// <summary>
/// Connects (through <see cref="ConnectPipeline"/>), streams stdin to the server in fixed chunks,
/// then leaves the half-close and the bounded wait for the server's close (or its receipt) to
/// <see cref="DeliveryConfirmation"/> (DESIGN.md sections 3 and 3a).
/// </summary>
internal sealed class MessageClient(ClientOptions options, TimeProvider time)
{
    public ClientStats Stats { get; } = new();

    /// <summary>Runs the whole exchange; failures surface as <see cref="ClientFailedException"/>.</summary>
    public async Task RunAsync(Stream stdin)
    {
        using var socket = await ConnectAsync().ConfigureAwait(false);
        var loop = new SendLoop(new SocketSendTarget(socket), Stats);
        using var hash = options.Receipt ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        Stats.Receipt = options.Receipt ? "none" : null;
        StreamStdin(stdin, loop, hash);
        Span<byte> digest = stackalloc byte[Receipt.HashBytes];
        _ = hash?.TryGetHashAndReset(digest, out _);
        var result = new DeliveryConfirmation(options.DrainTimeout, options.Receipt, time).Confirm(socket, Stats.Sent, digest);
        Stats.Receipt = result.ReceiptStatus;
        if (result.Describe() is { } failure)
        {
            throw new ClientFailedException(ExitCode.IoError, failure);
        }

        if (result.Outcome == DeliveryOutcome.TimedOut && options.Verbose)
        {
            Diagnostics.Line($"server did not close within {options.DrainTimeout.TotalSeconds:0.###} s after the last byte; not waiting longer");
        }
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

    private void StreamStdin(Stream stdin, SendLoop loop, IncrementalHash? hash)
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

            hash?.AppendData(buffer, 0, n);
            loop.SendAll(buffer.AsSpan(0, n));
        }
    }
}
