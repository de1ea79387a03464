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
/// Live changes (Toxiproxy's AddToxic / UpdateToxic / RemoveToxic) interrupt only the stubs they rewire.
/// Mutated only under the chain pump's gate.
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

    /// <summary>Appends a toxic behind the last stub, which is interrupted and restarted (re-rolled).</summary>
    public async Task AppendAsync(Toxic toxic, IStubHost host)
    {
        var last = Stubs[^1];
        if (!await last.InterruptAsync().ConfigureAwait(false))
        {
            return;
        }

        var input = NewChannel(toxic.BufferSize);
        var stub = new ToxicStub(toxic, input.Reader, last.Output, host);
        last.Output = input.Writer;
        Stubs.Add(stub);
        Recount();
        last.Start();
        stub.Start();
    }

    /// <summary>Restarts the named toxic's stub with new settings (re-rolls its toxicity).</summary>
    public async Task UpdateAsync(Toxic toxic)
    {
        var index = IndexOf(toxic.Name);
        if (index < 0)
        {
            return;
        }

        var stub = Stubs[index];
        if (await stub.InterruptAsync().ConfigureAwait(false))
        {
            stub.Toxic = toxic;
            stub.Start();
        }
    }

    /// <summary>Splices the named toxic out, forwarding what it buffered; its predecessor restarts.</summary>
    public async Task RemoveAsync(string name, CancellationToken lifetime)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return;
        }

        var stub = Stubs[index];
        if (!await stub.InterruptAsync().ConfigureAwait(false))
        {
            return;
        }

        stub.Toxic.Cleanup(stub);
        var previous = Stubs[index - 1];
        var previousStopped = previous.InterruptAsync();
        var inputClosed = await DrainAsync(stub, previousStopped, lifetime).ConfigureAwait(false);
        var previousOpen = await previousStopped.ConfigureAwait(false);

        previous.Output = stub.Output;
        Stubs.RemoveAt(index);
        Recount();
        if (inputClosed)
        {
            stub.Output.TryComplete();
        }
        else if (previousOpen)
        {
            previous.Start();
        }
    }

    /// <summary>
    /// Moves what the removed stub had buffered onto its output while its predecessor stops (the
    /// predecessor may be blocked writing into that buffer). Returns true if the input closed.
    /// </summary>
    private static async Task<bool> DrainAsync(ToxicStub stub, Task<bool> previousStopped, CancellationToken lifetime)
    {
        while (true)
        {
            while (stub.Input.TryRead(out var chunk))
            {
                await stub.Output.WriteAsync(chunk, lifetime).ConfigureAwait(false);
            }

            if (stub.Input.Completion.IsCompleted)
            {
                return true;
            }

            if (previousStopped.IsCompleted)
            {
                if (stub.Input.TryPeek(out _))
                {
                    continue;
                }

                return stub.Input.Completion.IsCompleted;
            }

            var more = stub.Input.WaitToReadAsync(lifetime).AsTask();
            await Task.WhenAny(more, previousStopped).ConfigureAwait(false);
        }
    }

    private void Recount() => Volatile.Write(ref toxicCount, Stubs.Count - 1);
}
