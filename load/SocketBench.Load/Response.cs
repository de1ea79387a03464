namespace SocketBench.Load;

/// <summary>
/// The outcome of one iteration or one step, as in NBomber: ok or fail, a status code and the
/// bytes it moved. Status codes are strings; use the shared constants in <see cref="StatusCodes"/>
/// so that recording a response allocates nothing.
/// </summary>
public readonly record struct Response(bool IsOk, string StatusCode, long SizeBytes, string? Message)
{
    /// <summary>A successful response.</summary>
    public static Response Ok(string statusCode = StatusCodes.Ok, long sizeBytes = 0) => new(true, statusCode, sizeBytes, null);

    /// <summary>A failed response.</summary>
    public static Response Fail(string statusCode, string? message = null, long sizeBytes = 0) => new(false, statusCode, sizeBytes, message);
}

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
