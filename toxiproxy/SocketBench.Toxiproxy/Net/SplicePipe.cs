using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SocketBench.Toxiproxy.Net;

/// <summary>
/// Linux zero-copy relay: <c>splice(2)</c> moves bytes socket → pipe → socket inside the kernel, so a
/// bulk transfer costs the proxy no user-space copies. Used only by a link with no toxics once it
/// carries bulk traffic; everything else uses pooled buffers.
/// <code>
///   source fd ──splice──▶ pipe ──splice──▶ destination fd
///                           └─(destination full)─ read ─▶ buffer ─▶ SendAsync (waits for room)
/// </code>
/// Socket handles are ref-counted around every call, so a concurrent close can never let the fd
/// number be reused under us.
/// </summary>
internal sealed partial class SplicePipe : IDisposable
{
    private const int ONonBlock = 0x800;
    private const int OCloexec = 0x80000;
    private const int FSetPipeSize = 1031;
    private const uint SpliceMove = 1;
    private const uint SpliceNonBlock = 2;
    private const int EAgain = 11;
    private const int EIntr = 4;

    private readonly int readFd;
    private readonly int writeFd;
    private bool disposed;

    private SplicePipe(int readFd, int writeFd)
    {
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    /// <summary>True where splice can be used (Linux, not disabled with <c>TOXIPROXY_SPLICE=0</c>).</summary>
    public static bool Supported { get; } =
        OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("TOXIPROXY_SPLICE") != "0";

    /// <summary>Bytes the pipe holds; one splice moves at most this much.</summary>
    public static int Capacity => 1024 * 1024;

    /// <summary>Creates a non-blocking pipe, or null if the system refuses (fd limit): callers fall back.</summary>
    public static SplicePipe? TryCreate()
    {
        Span<int> fds = stackalloc int[2];
        if (!Supported || Pipe2(fds, ONonBlock | OCloexec) != 0)
        {
            return null;
        }

        _ = Fcntl(fds[1], FSetPipeSize, Capacity);
        return new SplicePipe(fds[0], fds[1]);
    }

    /// <summary>Moves up to <see cref="Capacity"/> bytes from the socket into the pipe: &gt;0 bytes, 0 EOF, -1 would block.</summary>
    public int FillFrom(Socket source) => Splice(source.SafeHandle, readFd: true, Capacity);

    /// <summary>Moves up to <paramref name="count"/> piped bytes to the socket: &gt;0 bytes, -1 would block.</summary>
    public int DrainTo(Socket destination, int count) => Splice(destination.SafeHandle, readFd: false, count);

    /// <summary>Reads piped bytes into <paramref name="buffer"/> (the slow path when the destination is full).</summary>
    public int Read(Span<byte> buffer)
    {
        while (true)
        {
            var n = ReadFd(readFd, buffer, (nuint)buffer.Length);
            if (n >= 0)
            {
                return (int)n;
            }

            if (Marshal.GetLastPInvokeError() != EIntr)
            {
                throw new IOException($"read(pipe) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            _ = Close(readFd);
            _ = Close(writeFd);
        }
    }

    private int Splice(SafeHandle socket, bool readFd, int count)
    {
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            while (true)
            {
                var n = readFd
                    ? SpliceFds(fd, 0, writeFd, 0, (nuint)count, SpliceMove | SpliceNonBlock)
                    : SpliceFds(this.readFd, 0, fd, 0, (nuint)count, SpliceMove | SpliceNonBlock);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == EAgain)
                {
                    return -1;
                }

                if (errno != EIntr)
                {
                    throw new IOException($"splice failed: errno {errno}");
                }
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "splice", SetLastError = true)]
    private static partial nint SpliceFds(int fdIn, nint offIn, int fdOut, nint offOut, nuint len, uint flags);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(Span<int> fds, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, Span<byte> buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
