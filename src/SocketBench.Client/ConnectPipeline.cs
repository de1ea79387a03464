using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SocketBench.Client;

/// <summary>
/// The Polly v8 pipeline around "new socket + connect" only: overall timeout -> retry
/// (exponential back-off with jitter) -> per-attempt timeout (DESIGN.md section 3). Retry and
/// exit code both come from <see cref="Classify"/>, which defers to <see cref="SocketErrorClassifier"/>.
/// </summary>
internal static class ConnectPipeline
{
    /// <summary>Builds the pipeline; <paramref name="onRetry"/> observes each retry before its delay.</summary>
    public static ResiliencePipeline Build(ClientOptions options, TimeProvider time, Func<OnRetryArguments<object>, ValueTask>? onRetry = null)
    {
        var builder = new ResiliencePipelineBuilder { Name = "connect", TimeProvider = time }
            .AddTimeout(options.OverallConnectTimeout);
        if (options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = ClientConstants.BackoffBase,
                MaxDelay = ClientConstants.BackoffMax,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && Classify(e) == FailureKind.Retryable),
                OnRetry = onRetry,
            });
        }

        return builder.AddTimeout(options.ConnectTimeout).Build();
    }

    /// <summary>What a connect-phase exception means: the retry decision and the exit code.</summary>
    public static FailureKind Classify(Exception exception) => exception switch
    {
        SocketException e => SocketErrorClassifier.ClassifyConnect(e.SocketErrorCode),
        TimeoutRejectedException => FailureKind.Retryable,
        _ => FailureKind.Fatal,
    };

    /// <summary>
    /// Resolves <paramref name="host"/> and connects to each address in turn with a fresh socket;
    /// the last failure is thrown when none connects. Runs inside the pipeline.
    /// </summary>
    public static async ValueTask<Socket> ConnectOnceAsync(string host, int port, int? sendBuffer, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (sendBuffer is { } size)
                {
                    socket.SendBufferSize = size;
                }

                await socket.ConnectAsync(new IPEndPoint(address, port), ct).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
