using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SocketBench.Processes;

/// <summary>
/// The kernel's view of listening TCP sockets through NETLINK_SOCK_DIAG (what <c>ss -ltn</c>
/// shows as Recv-Q and Send-Q): for a LISTEN socket, the accept queue's current length and its
/// limit, which /proc/net/tcp does not tell. Read in the caller's network namespace.
/// </summary>
public static partial class SockDiag
{
    private const int AfNetlink = 16;
    private const int SockDgram = 2;
    private const int SockCloexec = 0x80000;
    private const int NetlinkSockDiag = 4;
    private const ushort SockDiagByFamily = 20;
    private const ushort NlmsgDone = 3;
    private const ushort NlmsgError = 2;
    private const ushort FlagsRequestDump = 0x1 | 0x300;
    private const byte IpProtoTcp = 6;
    private const int TcpListenBit = 1 << 10;
    private const int HeaderSize = 16;
    private const int RequestSize = HeaderSize + 56;

    /// <summary>Accept-queue length and limit of a LISTEN socket, by inode.</summary>
    public readonly record struct Queue(int Queued, int Limit);

    /// <summary>Every LISTEN socket's queue, by inode; empty when netlink is unavailable.</summary>
    public static IReadOnlyDictionary<long, Queue> ListenQueues()
    {
        var result = new Dictionary<long, Queue>();
        foreach (var family in (byte[])[2, 10])
        {
            try
            {
                Dump(family, result);
            }
            catch (IOException)
            {
                // No netlink here (a restricted sandbox): callers say the limit is unknown.
            }
        }

        return result;
    }

    private static void Dump(byte family, Dictionary<long, Queue> into)
    {
        var fd = Socket(AfNetlink, SockDgram | SockCloexec, NetlinkSockDiag);
        if (fd < 0)
        {
            throw new IOException($"netlink socket: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            Span<byte> request = stackalloc byte[RequestSize];
            request.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(request, RequestSize);
            BinaryPrimitives.WriteUInt16LittleEndian(request[4..], SockDiagByFamily);
            BinaryPrimitives.WriteUInt16LittleEndian(request[6..], FlagsRequestDump);
            request[HeaderSize] = family;
            request[HeaderSize + 1] = IpProtoTcp;
            BinaryPrimitives.WriteUInt32LittleEndian(request[(HeaderSize + 4)..], TcpListenBit);
            if (Send(fd, request, request.Length, 0) != request.Length)
            {
                throw new IOException($"netlink send: errno {Marshal.GetLastPInvokeError()}");
            }

            ReadReplies(fd, into);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static void ReadReplies(int fd, Dictionary<long, Queue> into)
    {
        var buffer = new byte[64 * 1024];
        for (var round = 0; round < 10_000; round++)
        {
            var n = (int)Recv(fd, buffer, buffer.Length, 0);
            if (n <= 0)
            {
                throw new IOException($"netlink recv: errno {Marshal.GetLastPInvokeError()}");
            }

            for (var at = 0; at + HeaderSize <= n;)
            {
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at));
                var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 4));
                if (type == NlmsgDone || type == NlmsgError || length < HeaderSize)
                {
                    return;
                }

                Add(buffer.AsSpan(at + HeaderSize, length - HeaderSize), into);
                at += (length + 3) & ~3;
            }
        }
    }

    private static void Add(ReadOnlySpan<byte> msg, Dictionary<long, Queue> into)
    {
        // struct inet_diag_msg: family, state, timer, retrans (4), sockid (48), expires, rqueue, wqueue, uid, inode.
        if (msg.Length < 72)
        {
            return;
        }

        var queued = (int)BinaryPrimitives.ReadUInt32LittleEndian(msg[56..]);
        var limit = (int)BinaryPrimitives.ReadUInt32LittleEndian(msg[60..]);
        var inode = BinaryPrimitives.ReadUInt32LittleEndian(msg[68..]);
        into[inode] = new Queue(queued, limit);
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, ReadOnlySpan<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, Span<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
