using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SocketBench.Load.Clients;

/// <summary>
/// A blocking TCP client socket as a plain Linux file descriptor: the load runner's closed-model hot
/// path (issue 14), the same system calls as a C generator (socket, two setsockopt, connect, send,
/// shutdown, recv, close) and nothing else per connection: no <see cref="Socket"/>, SafeHandle or
/// endpoint serialisation (the address is built once). One instance per client, reused connection
/// after connection, on one thread; only <see cref="Abort"/> may come from another.
/// </summary>
/// <remarks>
/// <para>Timeouts are the kernel's: SO_SNDTIMEO bounds connect (Linux honours it there) and each
/// send, SO_RCVTIMEO each receive; a call that runs out reports <see cref="SocketError.TimedOut"/>,
/// as a blocking <see cref="Socket"/> does. Errors are errno mapped by <see cref="Errno"/>, so
/// <see cref="SocketErrorClassifier"/> classifies them as on the Socket path.</para>
/// <para><see cref="Abort"/> (cancellation) shuts the connection down both ways, which wakes a
/// blocked connect, send or receive at once. The caller must make sure it cannot run after
/// <see cref="Close"/> (dispose the cancellation registration first), or it could hit a reused descriptor.</para>
/// </remarks>
internal sealed partial class RawSocket
{
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockStreamCloexec = 1 | 0x80000;
    private const int SolSocket = 1;
    private const int SoError = 4;
    private const int SoLinger = 13;
    private const int SoRcvTimeo = 20;
    private const int SoSndTimeo = 21;
    private const int ShutWr = 1;
    private const int ShutRdWr = 2;
    private const int MsgNoSignal = 0x4000;
    private const short PollOut = 4;
    private const int MaxInterrupts = 100;

    private readonly byte[] _address;
    private readonly int _family;
    private int _fd = -1;
    private volatile bool _aborted;
    private TimeSpan _sendTimeout;

    public RawSocket(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _family = endPoint.AddressFamily switch
        {
            AddressFamily.InterNetwork => AfInet,
            AddressFamily.InterNetworkV6 => AfInet6,
            _ => throw new ArgumentException($"address family {endPoint.AddressFamily} is not IPv4 or IPv6", nameof(endPoint)),
        };
        _address = NativeAddress(endPoint);
    }

    /// <summary>Gets whether <see cref="Abort"/> ran since the last <see cref="Open"/>: a failure or end of data after it is the cancellation's.</summary>
    public bool Aborted => _aborted;

    /// <summary>Creates the descriptor with its send (connect) and receive timeouts; the previous one must be closed.</summary>
    public SocketError Open(TimeSpan sendTimeout, TimeSpan receiveTimeout)
    {
        if (_fd >= 0)
        {
            throw new InvalidOperationException("the previous connection is still open");
        }

        _aborted = false;
        _sendTimeout = sendTimeout;
        var fd = Socket(_family, SockStreamCloexec, 0);
        if (fd < 0)
        {
            return LastError();
        }

        Volatile.Write(ref _fd, fd);
        var error = SetTimeout(SoSndTimeo, sendTimeout);
        return error == SocketError.Success ? SetTimeout(SoRcvTimeo, receiveTimeout) : error;
    }

    /// <summary>Connects; <see cref="SocketError.TimedOut"/> when the send timeout passed first.</summary>
    public SocketError Connect()
    {
        if (Connect(_fd, _address, (uint)_address.Length) == 0)
        {
            return SocketError.Success;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            // SO_SNDTIMEO ran out: Linux leaves the connect in progress and says so.
            Errno.EINPROGRESS or Errno.EAGAIN => SocketError.TimedOut,
            // A signal: the connect goes on in the kernel; wait for its end.
            Errno.EINTR or Errno.EALREADY => AwaitConnect(),
            _ => Errno.ToSocketError(errno),
        };
    }

    /// <summary>Sends all of <paramref name="data"/> (partial sends and interrupts continue).</summary>
    public SocketError SendAll(ReadOnlySpan<byte> data)
    {
        for (var interrupts = 0; !data.IsEmpty;)
        {
            var n = Send(_fd, data, data.Length, MsgNoSignal);
            if (n >= 0)
            {
                data = data[(int)n..];
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR || ++interrupts > MaxInterrupts)
            {
                return errno == Errno.EAGAIN ? SocketError.TimedOut : Errno.ToSocketError(errno);
            }
        }

        return SocketError.Success;
    }

    /// <summary>Half-closes: the server sees the end of the message.</summary>
    public SocketError ShutdownSend() => Shutdown(_fd, ShutWr) == 0 ? SocketError.Success : LastError();

    /// <summary>Receives into <paramref name="buffer"/>; 0 bytes and Success is the peer's close. <see cref="SocketError.TimedOut"/> when the receive timeout passed.</summary>
    public SocketError Receive(Span<byte> buffer, out int received)
    {
        var n = Recv(_fd, buffer, buffer.Length, 0);
        received = (int)Math.Max(n, 0);
        if (n >= 0)
        {
            return SocketError.Success;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.EAGAIN ? SocketError.TimedOut : Errno.ToSocketError(errno);
    }

    /// <summary>Sets the receive timeout of the open descriptor.</summary>
    public SocketError SetReceiveTimeout(TimeSpan timeout) => SetTimeout(SoRcvTimeo, timeout);

    /// <summary>From another thread (cancellation): shuts the connection down both ways, waking a blocked call.</summary>
    public void Abort()
    {
        _aborted = true;
        var fd = Volatile.Read(ref _fd);
        if (fd >= 0)
        {
            _ = Shutdown(fd, ShutRdWr);
        }
    }

    /// <summary>Closes the descriptor; with <paramref name="reset"/> the peer gets a reset (linger 0), not a FIN.</summary>
    public void Close(bool reset)
    {
        var fd = Volatile.Read(ref _fd);
        if (fd < 0)
        {
            return;
        }

        if (reset)
        {
            Span<int> linger = [1, 0];
            _ = SetSockOpt(fd, SolSocket, SoLinger, MemoryMarshal.AsBytes(linger), sizeof(int) * 2);
        }

        Volatile.Write(ref _fd, -1);
        _ = CloseFd(fd);
    }

    /// <summary>The kernel's sockaddr_in / sockaddr_in6 for <paramref name="endPoint"/> (family in host order, port in network order).</summary>
    internal static byte[] NativeAddress(IPEndPoint endPoint)
    {
        var v6 = endPoint.AddressFamily == AddressFamily.InterNetworkV6;
        var address = new byte[v6 ? 28 : 16];
        BinaryPrimitives.WriteUInt16LittleEndian(address, (ushort)(v6 ? AfInet6 : AfInet));
        BinaryPrimitives.WriteUInt16BigEndian(address.AsSpan(2), (ushort)endPoint.Port);
        if (v6)
        {
            endPoint.Address.TryWriteBytes(address.AsSpan(8, 16), out _);
            BinaryPrimitives.WriteUInt32LittleEndian(address.AsSpan(24), (uint)endPoint.Address.ScopeId);
        }
        else
        {
            endPoint.Address.TryWriteBytes(address.AsSpan(4, 4), out _);
        }

        return address;
    }

    private static SocketError LastError() => Errno.ToSocketError(Marshal.GetLastPInvokeError());

    private SocketError SetTimeout(int option, TimeSpan timeout)
    {
        // struct timeval { long tv_sec; long tv_usec; }; 0 would mean no timeout, so at least 1 us.
        var us = Math.Max(1L, timeout.Ticks / TimeSpan.TicksPerMicrosecond);
        Span<long> tv = [us / 1_000_000, us % 1_000_000];
        return SetSockOpt(_fd, SolSocket, option, MemoryMarshal.AsBytes(tv), sizeof(long) * 2) == 0 ? SocketError.Success : LastError();
    }

    /// <summary>After an interrupted connect: polls for its end within the send timeout and reads its result.</summary>
    private SocketError AwaitConnect()
    {
        var ms = (int)Math.Clamp(Math.Ceiling(_sendTimeout.TotalMilliseconds), 1, int.MaxValue);
        Span<PollFd> poll = [new PollFd { Fd = _fd, Events = PollOut }];
        int ready;
        var interrupts = 0;
        while ((ready = Poll(poll, 1, ms)) < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR && ++interrupts <= MaxInterrupts)
        {
        }

        if (ready <= 0)
        {
            return ready == 0 ? SocketError.TimedOut : LastError();
        }

        Span<int> error = [0];
        var length = (uint)sizeof(int);
        return GetSockOpt(_fd, SolSocket, SoError, MemoryMarshal.AsBytes(error), ref length) == 0 ? Errno.ToSocketError(error[0]) : LastError();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int Connect(int fd, ReadOnlySpan<byte> address, uint length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, ReadOnlySpan<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, Span<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int Shutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFd(int fd);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, ReadOnlySpan<byte> value, uint length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, Span<byte> value, ref uint length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(Span<PollFd> fds, nuint count, int timeoutMilliseconds);
}
