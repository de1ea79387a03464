namespace SocketBench;

/// <summary>
/// What a socket error means for the program that met it (DESIGN.md sections 2 and 3,
/// reference/errors.md section 3). <see cref="SocketErrorClassifier"/> is the only place that
/// maps a <see cref="System.Net.Sockets.SocketError"/> to one of these or to an exit code.
/// </summary>
public enum FailureKind
{
    /// <summary>Affects one client only (accept or receive on the server): log one line and go on.</summary>
    PerClient,

    /// <summary>Local resource pressure on accept (EMFILE, ENFILE, ENOBUFS, ENOMEM): back off, then retry.</summary>
    Resource,

    /// <summary>Client, before the first byte: transient, retry with back-off (exit 75 when retries run out).</summary>
    Retryable,

    /// <summary>Client: the host name does not exist (exit 68).</summary>
    NoHost,

    /// <summary>Refused by policy: EACCES/EPERM (exit 77).</summary>
    NoPermission,

    /// <summary>Not retryable and not tied to one client (exit 69 or 71 depending on the phase).</summary>
    Fatal,
}
