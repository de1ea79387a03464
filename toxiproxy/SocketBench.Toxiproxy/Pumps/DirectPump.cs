using System.Net.Sockets;

namespace SocketBench.Toxiproxy.Pumps;

/// <summary>
/// The fault-free path: read into the pooled buffer, write it out, no copy and no allocation per chunk.
/// <code>
///   source ──receive──▶ buffer ──send──▶ destination
/// </code>
/// Hands over to the chain when a toxic appears (the bytes just read go into the chain) and to splice
/// once reads keep filling the largest buffer.
/// </summary>
internal sealed class DirectPump(ToxicLink link) : ILinkPump
{
    /// <inheritdoc />
    public async Task<PumpMode> PumpAsync()
    {
        var source = link.Source;
        var destination = link.Destination;
        var buffer = link.Buffer;
        while (true)
        {
            var array = buffer.Array;
            var n = await source.ReceiveAsync(array, SocketFlags.None).ConfigureAwait(false);
            if (n == 0)
            {
                return PumpMode.EndOfStream;
            }

            link.AddReceived(n);
            if (link.HasChain)
            {
                // A toxic was added while this read waited: these bytes are its first.
                return await link.ChainPump.ForwardAsync(array, n).ConfigureAwait(false);
            }

            await destination.SendAsync(array.AsMemory(0, n), SocketFlags.None).ConfigureAwait(false);
            link.AddSent(n);
            if (ReadBuffer.IsBulk(n) && link.SpliceAllowed)
            {
                return PumpMode.Splice;
            }

            buffer.GrowIfFilled(n);
        }
    }
}
