using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace SocketBench.Server;

/// <summary>
/// One client's message while it arrives in concurrent mode (DESIGN.md section 3a): the first
/// <c>--spool-memory</c> bytes in a pooled array (grown by doubling, never past the bound), the
/// rest in an anonymous temporary file (created in <c>$TMPDIR</c> or <c>/tmp</c> and unlinked at
/// once). Memory per client is therefore bounded whatever the message size.
/// </summary>
internal sealed class Spool(int memoryLimit) : IMessageTarget, IDisposable
{
    private byte[]? _memory;
    private int _inMemory;
    private SafeFileHandle? _file;
    private long _inFile;

    /// <summary>Bytes spooled so far.</summary>
    public long Length => _inMemory + _inFile;

    /// <summary>Whether part of the message went to the file.</summary>
    public bool UsesFile => _file is not null;

    /// <summary>Appends <paramref name="bytes"/>; throws <see cref="SpoolFailedException"/> when the file cannot take them.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        var room = memoryLimit - _inMemory;
        if (room > 0)
        {
            var take = Math.Min(room, bytes.Length);
            Reserve(_inMemory + take);
            bytes[..take].CopyTo(_memory.AsSpan(_inMemory));
            _inMemory += take;
            bytes = bytes[take..];
        }

        if (!bytes.IsEmpty)
        {
            try
            {
                _file ??= CreateFile();
                RandomAccess.Write(_file, bytes, _inFile);
                _inFile += bytes.Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SpoolFailedException($"spool file cannot be written after {Length} bytes: {e.Message}");
            }
        }
    }

    /// <summary>Writes the whole message to <paramref name="stdout"/>, the file part through <paramref name="buffer"/>.</summary>
    public void WriteTo(IMessageTarget stdout, byte[] buffer)
    {
        stdout.Append(_memory.AsSpan(0, _inMemory));
        for (long at = 0; at < _inFile;)
        {
            int n;
            try
            {
                n = RandomAccess.Read(_file!, buffer, at);
            }
            catch (IOException e)
            {
                throw new SpoolFailedException($"spool file cannot be read back at byte {at}: {e.Message}");
            }

            if (n <= 0)
            {
                throw new SpoolFailedException($"spool file ended at byte {at} of {_inFile}");
            }

            stdout.Append(buffer.AsSpan(0, n));
            at += n;
        }
    }

    public void Dispose()
    {
        if (_memory is not null)
        {
            ArrayPool<byte>.Shared.Return(_memory);
            _memory = null;
        }

        _file?.Dispose();
        _file = null;
    }

    private void Reserve(int needed)
    {
        if (_memory is not null && _memory.Length >= needed)
        {
            return;
        }

        var size = Math.Max(needed, Math.Min(memoryLimit, Math.Max(ServerConstants.InitialSpoolMemory, (_memory?.Length ?? 0) * 2)));
        var grown = ArrayPool<byte>.Shared.Rent(size);
        if (_memory is not null)
        {
            _memory.AsSpan(0, _inMemory).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_memory);
        }

        _memory = grown;
    }

    /// <summary>A new file only this process can reach: created exclusively, then unlinked while open.</summary>
    private static SafeFileHandle CreateFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"socketbench-spool-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        File.Delete(path);
        return file;
    }
}
