namespace SocketBench;

/// <summary>
/// Process exit codes from sysexits.h, as fixed by DESIGN.md section 4. The README's table
/// and both programs' <c>--help</c> list exactly these.
/// </summary>
public enum ExitCode
{
    /// <summary>Client: every byte sent and the server closed. Server: clean shutdown on SIGINT/SIGTERM.</summary>
    Ok = 0,

    /// <summary>Bad or missing arguments (both programs).</summary>
    Usage = 64,

    /// <summary>Client: the host name cannot be resolved.</summary>
    NoHost = 68,

    /// <summary>Client: connect failed with a non-retryable error. Server: port in use, address not on this host.</summary>
    Unavailable = 69,

    /// <summary>Unexpected internal error (a bug); never expected in normal operation.</summary>
    Software = 70,

    /// <summary>Server: the socket cannot be created, or another OS failure at start.</summary>
    OsError = 71,

    /// <summary>Client: failure after the first byte, or stdin unreadable. Server: stdout cannot be written.</summary>
    IoError = 74,

    /// <summary>Client: retryable connect failures outlasted the retries.</summary>
    TempFail = 75,

    /// <summary>Client: connect refused by policy (EACCES/EPERM). Server: privileged port without permission.</summary>
    NoPermission = 77,
}
