using Microsoft.Win32.SafeHandles;

namespace SocketBench.Server;

/// <summary>
/// Message bytes to fd 1, unchanged and unbuffered. <c>Console.Out</c> swallows EPIPE, so this
/// writes through a <see cref="FileStream"/> on fd 1 that reports a dead stdout as
/// <see cref="StdoutFailedException"/> (reference/errors.md section 3.1).
/// </summary>
internal sealed class StdoutSink : IDisposable
{
    private readonly FileStream _stream;

    public StdoutSink()
    {
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
}

/// <summary>stdout is gone: the server exists to print, so this is fatal (exit 74).</summary>
internal sealed class StdoutFailedException(string message) : Exception(message);
