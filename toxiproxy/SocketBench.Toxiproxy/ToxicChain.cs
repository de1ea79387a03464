using System.Threading.Channels;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy;

/// <summary>
/// The stubs of one link while it has (or recently had) toxics.
/// <code>
///   Head ──▶ [noop] ──▶ [toxic 1] ──▶ ... ──▶ [toxic n] ──▶ Tail ──▶ writer task ──▶ destination
/// </code>
/// The hidden noop stub guarantees every toxic has a predecessor to interrupt when it is removed.
/// Mutated only under the link's gate.
/// </summary>
internal sealed class ToxicChain
{
    private int toxicCount;

    /// <summary>Creates the chain for <paramref name="toxics"/>, stopped.</summary>
    public ToxicChain(IReadOnlyList<Toxic> toxics, IStubHost host)
    {
        var tail = NewChannel(1);
        Tail = tail.Reader;
        ChannelWriter<StreamChunk> output = tail.Writer;
        var stubs = new ToxicStub[toxics.Count + 1];
        for (var i = toxics.Count; i >= 0; i--)
        {
            var toxic = i == 0 ? NoopToxic.Passthrough : toxics[i - 1];
            var input = NewChannel(toxic.BufferSize);
            stubs[i] = new ToxicStub(toxic, input.Reader, output, host);
            output = input.Writer;
        }

        Head = output;
        Stubs = [.. stubs];
        toxicCount = toxics.Count;
    }

    /// <summary>Where the reader writes chunks.</summary>
    public ChannelWriter<StreamChunk> Head { get; }

    /// <summary>Where the writer task reads chunks.</summary>
    public ChannelReader<StreamChunk> Tail { get; }

    /// <summary>Stub 0 is the hidden noop; the rest are toxics in insertion order.</summary>
    public List<ToxicStub> Stubs { get; }

    /// <summary>Number of real toxics; read without the gate by the reader as a hint.</summary>
    public int ToxicCount => Volatile.Read(ref toxicCount);

    /// <summary>The writer task, set when the chain starts.</summary>
    public Task<bool>? Writer { get; set; }

    /// <summary>Creates a bounded single-reader channel.</summary>
    public static Channel<StreamChunk> NewChannel(int capacity) =>
        Channel.CreateBounded<StreamChunk>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });

    /// <summary>Finds the stub running the toxic named <paramref name="name"/> (never the noop).</summary>
    public int IndexOf(string name)
    {
        for (var i = 1; i < Stubs.Count; i++)
        {
            if (Stubs[i].Toxic.Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Records a stub appended or removed.</summary>
    public void Recount() => Volatile.Write(ref toxicCount, Stubs.Count - 1);
}
