namespace SocketBench.Client;

/// <summary>The first attempt's failure, replayed once as the pipeline's first outcome.</summary>
internal sealed class FirstFailure
{
    public Exception? Failure { get; set; }
}
