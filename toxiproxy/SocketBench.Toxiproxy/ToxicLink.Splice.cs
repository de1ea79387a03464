using System.Net.Sockets;
using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy;

/// <summary>The zero-copy direct path, used while the link has no toxics and carries bulk traffic.</summary>
internal sealed partial class ToxicLink
{
    private SplicePipe? pipe;

    /// <summary>Outcome of one splice round.</summary>
    private enum SpliceResult
    {
        /// <summary>Bytes moved (or nothing to move yet); keep splicing.</summary>
        Moved,

        /// <summary>The source reached EOF.</summary>
        EndOfStream,

        /// <summary>A chain appeared: go back to the buffered path.</summary>
        ChainStarted,
    }

    /// <summary>Switches to splicing once reads keep filling the largest buffer.</summary>
    private bool ShouldSplice(int lastRead) =>
        pipe is null && lastRead == ToxiproxyConstants.MaxReadBuffer && SplicePipe.Supported
        && (pipe = SplicePipe.TryCreate()) is not null;

    /// <summary>Waits until the source is readable, then moves everything available to the destination.</summary>
    private async Task<SpliceResult> SpliceOnceAsync(SplicePipe splice)
    {
        // A zero-byte receive waits for readability (or EOF) without consuming anything.
        await source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
        while (true)
        {
            if (Volatile.Read(ref chain) is not null)
            {
                return SpliceResult.ChainStarted;
            }

            var n = splice.FillFrom(source);
            if (n == 0)
            {
                return SpliceResult.EndOfStream;
            }

            if (n < 0)
            {
                return SpliceResult.Moved;
            }

            receivedBytes += n;
            await DrainPipeAsync(splice, n).ConfigureAwait(false);
        }
    }

    private async Task DrainPipeAsync(SplicePipe splice, int count)
    {
        while (count > 0)
        {
            var moved = splice.DrainTo(destination, count);
            if (moved < 0)
            {
                // The destination is full: take the bytes out and let SendAsync wait for room.
                moved = splice.Read(readBuffer.AsSpan(0, Math.Min(count, readBuffer.Length)));
                await destination.SendAsync(readBuffer.AsMemory(0, moved), SocketFlags.None).ConfigureAwait(false);
            }

            count -= moved;
            sentBytes += moved;
        }
    }
}
