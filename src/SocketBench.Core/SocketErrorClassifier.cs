using System.Net.Sockets;

namespace SocketBench;

/// <summary>
/// The one place where socket errors are classified (STYLE.md point 8): every mapping from a
/// <see cref="SocketError"/> to a <see cref="FailureKind"/>, an exit code or "was it a reset" is
/// here (callers may still choose a message's wording by the error). The client's Polly
/// <c>ShouldHandle</c> and its exit code both come from <see cref="ClassifyConnect"/>; the
/// server's accept loop uses <see cref="ClassifyAccept"/>, its listener <see cref="CreateExitCode"/>
/// and <see cref="BindFailure"/> (which also words the line, so the two cannot disagree); delivery
/// confirmation uses <see cref="IsReset"/>. Tables: reference/errors.md 3.1, 3.2.
/// </summary>
public static class SocketErrorClassifier
{
    /// <summary>Classifies a failure of resolve or connect, before the first byte was sent.</summary>
    public static FailureKind ClassifyConnect(SocketError error) => error switch
    {
        SocketError.ConnectionRefused or SocketError.TimedOut or SocketError.TryAgain
            or SocketError.NetworkUnreachable or SocketError.HostUnreachable
            or SocketError.NetworkDown or SocketError.HostDown
            or SocketError.NoBufferSpaceAvailable or SocketError.TooManyOpenSockets
            or SocketError.AddressNotAvailable or SocketError.ConnectionReset
            or SocketError.ConnectionAborted or SocketError.NetworkReset
            or SocketError.Interrupted or SocketError.InProgress or SocketError.WouldBlock => FailureKind.Retryable,
        SocketError.HostNotFound or SocketError.NoData or SocketError.NoRecovery => FailureKind.NoHost,
        SocketError.AccessDenied => FailureKind.NoPermission,
        _ => FailureKind.Fatal,
    };

    /// <summary>Classifies a failure of accept on the listening socket.</summary>
    public static FailureKind ClassifyAccept(SocketError error) => error switch
    {
        SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable
            or SocketError.SocketError => FailureKind.Resource,
        SocketError.ConnectionAborted or SocketError.ConnectionReset or SocketError.NetworkDown
            or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.HostUnreachable
            or SocketError.ProtocolOption or SocketError.OperationNotSupported or SocketError.TimedOut
            or SocketError.AccessDenied or SocketError.NetworkReset or SocketError.TryAgain
            or SocketError.WouldBlock => FailureKind.PerClient,
        _ => FailureKind.Fatal,
    };

    /// <summary>The exit code for a connect failure of the given kind that ends the client.</summary>
    public static ExitCode ConnectExitCode(FailureKind kind) => kind switch
    {
        FailureKind.Retryable => ExitCode.TempFail,
        FailureKind.NoHost => ExitCode.NoHost,
        FailureKind.NoPermission => ExitCode.NoPermission,
        _ => ExitCode.Unavailable,
    };

    /// <summary>The exit code for a failure to create the server's socket.</summary>
    public static ExitCode CreateExitCode(SocketError error) =>
        error == SocketError.AccessDenied ? ExitCode.NoPermission : ExitCode.OsError;

    /// <summary>Whether the peer reset or aborted the connection (a receipt or a close will not come).</summary>
    public static bool IsReset(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NetworkReset;

    /// <summary>The exit code for a failure to bind or listen on the server's socket (<see cref="BindFailure"/>'s).</summary>
    public static ExitCode BindExitCode(SocketError error) => BindFailure(error, "", "", 0).Exit;

    /// <summary>
    /// A failure to bind or listen: its exit code and the one stderr line that says why, from one
    /// table (reference/errors.md 3.1), so the wording cannot drift from the classification.
    /// </summary>
    /// <param name="error">The socket error of bind or listen.</param>
    /// <param name="message">The system's own text for it, quoted in the line.</param>
    /// <param name="address">The address the server tried to listen on.</param>
    /// <param name="port">The port it tried.</param>
    public static (ExitCode Exit, string Line) BindFailure(SocketError error, string message, string address, int port) => error switch
    {
        SocketError.AddressAlreadyInUse => (ExitCode.Unavailable, $"port {port} already in use ({message})"),
        SocketError.AddressNotAvailable => (ExitCode.Unavailable, $"address {address} is not on this host ({message})"),
        SocketError.AccessDenied => (ExitCode.NoPermission, $"no permission to listen on port {port} ({message})"),
        _ => (ExitCode.OsError, $"cannot listen on {address} port {port} ({error}): {message}"),
    };
}
