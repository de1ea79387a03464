using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SocketBench.Server;

/// <summary>
/// Message bytes to fd 1, unchanged and unbuffered. <c>Console.Out</c> swallows EPIPE, so this
/// writes through a <see cref="FileStream"/> on fd 1 that reports a dead stdout as
/// <see cref="StdoutFailedException"/> (reference/errors.md section 3.1).
/// </summary>
internal sealed partial class StdoutSink : IMessageTarget, IDisposable
{
    private const int FSetPipeSize = 1031; // F_SETPIPE_SZ (linux/fcntl.h)
    private readonly FileStream _stream;

    public StdoutSink()
    {
        GrowPipe();
        try
        {
            _stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new StdoutFailedException($"stdout cannot be written: {e.Message}");
        }
    }

    /// <summary>Writes all of <paramref name="bytes"/>; the kernel has them when this returns.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _stream.Write(bytes);
        }
        catch (IOException e)
        {
            throw new StdoutFailedException($"stdout write failed: {e.Message}");
        }
    }

    /// <inheritdoc cref="Write"/>
    public void Append(ReadOnlySpan<byte> bytes) => Write(bytes);

    /// <summary>Flushes anything still held (nothing is held: the stream is unbuffered).</summary>
    public void Flush()
    {
        try
        {
            _stream.Flush();
        }
        catch (IOException e)
        {
            throw new StdoutFailedException($"stdout flush failed: {e.Message}");
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// When stdout is a pipe, asks for a pipe as large as one receive buffer, so a whole chunk is
    /// written without waiting on the reader three times (the default pipe holds 64 KiB). Best
    /// effort: an unprivileged process may be refused above /proc/sys/fs/pipe-max-size.
    /// </summary>
    private static void GrowPipe()
    {
        try
        {
            if (new FileInfo("/proc/self/fd/1").LinkTarget?.StartsWith("pipe:", StringComparison.Ordinal) == true)
            {
                _ = SetPipeSize(1, FSetPipeSize, ServerConstants.BufferSize);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int SetPipeSize(int fd, int command, int size);
}
