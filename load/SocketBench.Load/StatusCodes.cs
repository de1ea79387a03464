namespace SocketBench.Load;

/// <summary>Status codes the runner itself produces, plus common ones for socket scenarios.</summary>
public static class StatusCodes
{
    public const string Ok = "ok";

    /// <summary>The iteration's own timeout fired (NBomber's -100 "operation timeout").</summary>
    public const string Timeout = "timeout";

    /// <summary>The iteration threw something other than a timeout (NBomber's -101).</summary>
    public const string Exception = "exception";

    public const string ConnectTimeout = "connect_timeout";
    public const string CloseTimeout = "close_timeout";
    public const string Reset = "reset";
    public const string Refused = "refused";
}
