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
