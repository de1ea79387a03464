using System.Net.Sockets;

namespace SocketBench.Load.Clients;

/// <summary>
/// Linux errno values of the socket calls <see cref="RawSocket"/> makes, mapped to the
/// <see cref="SocketError"/> that .NET's own <see cref="Socket"/> reports for them (its
/// SocketErrorPal table), so status codes and <see cref="SocketErrorClassifier"/> see the same
/// names on the raw path as on the Socket path. Values are Linux's (asm-generic, x86-64 and arm64).
/// </summary>
internal static class Errno
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EINPROGRESS = 115;
    public const int EALREADY = 114;

    /// <summary>The socket error for <paramref name="errno"/>; <see cref="SocketError.SocketError"/> for one not in the table.</summary>
    public static SocketError ToSocketError(int errno) => errno switch
    {
        0 => SocketError.Success,
        1 or 13 => SocketError.AccessDenied,                 // EPERM, EACCES
        2 or 99 => SocketError.AddressNotAvailable,          // ENOENT, EADDRNOTAVAIL
        EINTR => SocketError.Interrupted,
        6 => SocketError.HostNotFound,                       // ENXIO
        9 or 125 => SocketError.OperationAborted,            // EBADF, ECANCELED
        EAGAIN => SocketError.WouldBlock,
        12 or 105 => SocketError.NoBufferSpaceAvailable,     // ENOMEM, ENOBUFS
        14 => SocketError.Fault,
        22 => SocketError.InvalidArgument,
        23 or 24 => SocketError.TooManyOpenSockets,          // ENFILE, EMFILE
        32 => SocketError.Shutdown,                          // EPIPE
        61 => SocketError.NoData,
        88 => SocketError.NotSocket,
        89 => SocketError.DestinationAddressRequired,
        90 => SocketError.MessageSize,
        91 => SocketError.ProtocolType,
        92 => SocketError.ProtocolOption,
        93 => SocketError.ProtocolNotSupported,
        94 => SocketError.SocketNotSupported,
        95 => SocketError.OperationNotSupported,
        96 => SocketError.ProtocolFamilyNotSupported,
        97 => SocketError.AddressFamilyNotSupported,
        98 => SocketError.AddressAlreadyInUse,
        100 => SocketError.NetworkDown,
        101 => SocketError.NetworkUnreachable,
        102 => SocketError.NetworkReset,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        106 => SocketError.IsConnected,
        107 => SocketError.NotConnected,
        108 => SocketError.Disconnecting,                    // ESHUTDOWN
        110 => SocketError.TimedOut,
        111 => SocketError.ConnectionRefused,
        112 => SocketError.HostDown,
        113 => SocketError.HostUnreachable,
        EALREADY => SocketError.AlreadyInProgress,
        EINPROGRESS => SocketError.InProgress,
        _ => SocketError.SocketError,
    };
}
