using System.Net.Sockets;
using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy.Pumps;

/// <summary>
/// The zero-copy path, taken by a link without toxics once it carries bulk traffic (Linux): bytes move
/// socket → pipe → socket inside the kernel.
/// <code>
///   wait readable ──▶ splice(source → pipe) ──▶ splice(pipe → destination)
///                                                  └─(destination full)─ read ─▶ buffer ─▶ SendAsync
/// </code>
/// Hands back to the direct pump when a toxic appears (which then feeds the chain).
/// </summary>
internal sealed class SplicePump : ILinkPump, IDisposable
{
    private readonly ToxicLink link;
    private readonly SplicePipe pipe;

    private SplicePump(ToxicLink link, SplicePipe pipe)
    {
        this.link = link;
        this.pipe = pipe;
    }

    /// <summary>Creates the pump, or null if the system refuses a pipe (fd limit): the link stays direct.</summary>
    public static SplicePump? TryCreate(ToxicLink link) =>
        SplicePipe.TryCreate() is { } pipe ? new SplicePump(link, pipe) : null;

    /// <inheritdoc />
    public async Task<PumpMode> PumpAsync()
    {
        var source = link.Source;
        while (true)
        {
            // A zero-byte receive waits for readability (or EOF) without consuming anything.
            await source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
            while (true)
            {
                if (link.HasChain)
                {
                    return PumpMode.Direct;
                }

                var n = pipe.FillFrom(source);
                if (n == 0)
                {
                    return PumpMode.EndOfStream;
                }

                if (n < 0)
                {
                    break;
                }

                link.AddReceived(n);
                await DrainAsync(n).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => pipe.Dispose();

    private async Task DrainAsync(int count)
    {
        var destination = link.Destination;
        var buffer = link.Buffer.Array;
        while (count > 0)
        {
            var moved = pipe.DrainTo(destination, count);
            if (moved < 0)
            {
                // The destination is full: take the bytes out and let SendAsync wait for room.
                moved = pipe.Read(buffer.AsSpan(0, Math.Min(count, buffer.Length)));
                await destination.SendAsync(buffer.AsMemory(0, moved), SocketFlags.None).ConfigureAwait(false);
            }

            count -= moved;
            link.AddSent(moved);
        }
    }
}
