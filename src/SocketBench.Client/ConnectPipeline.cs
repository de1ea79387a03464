using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SocketBench.Client;

/// <summary>
/// The Polly v8 pipeline around "new socket + connect" only: overall timeout -> retry
/// (exponential back-off with jitter) -> per-attempt timeout (DESIGN.md section 3). Retry and
/// exit code both come from <see cref="Classify"/>, which defers to <see cref="SocketErrorClassifier"/>.
/// The client builds it only when its first attempt failed with a retryable error.
/// </summary>
internal static class ConnectPipeline
{
    /// <summary>
    /// Builds the pipeline; <paramref name="onRetry"/> observes each retry before its delay, and
    /// <paramref name="spent"/> (the first attempt's time, made before the pipeline existed) is
    /// taken off the overall timeout.
    /// </summary>
    public static ResiliencePipeline Build(ClientOptions options, TimeProvider time, Func<OnRetryArguments<object>, ValueTask>? onRetry = null, TimeSpan spent = default)
    {
        // Polly accepts timeouts up to one day: --connect-timeout 3600 --retries 100 would exceed it.
        var overall = options.OverallConnectTimeout - spent;
        overall = overall < options.ConnectTimeout ? options.ConnectTimeout : overall;
        var builder = new ResiliencePipelineBuilder { Name = "connect", TimeProvider = time }
            .AddTimeout(overall < ClientConstants.MaxPipelineTimeout ? overall : ClientConstants.MaxPipelineTimeout);
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
}
