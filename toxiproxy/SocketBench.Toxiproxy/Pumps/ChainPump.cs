using System.Net.Sockets;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy.Pumps;

/// <summary>
/// The toxic path: the reader copies each read into a pooled chunk for the chain's head, a writer task
/// sends what comes out of its tail.
/// <code>
///   source ──receive──▶ chunk ──▶ Head ─▶ [noop] ─▶ [toxic]* ─▶ Tail ──writer──▶ destination
///   last toxic removed: Head ◀── handoff marker; the writer stops at it; the reader copies directly
/// </code>
/// Live toxic changes and the input's end take the gate, so a change never races the chain's creation,
/// handoff or close.
/// </summary>
internal sealed class ChainPump(ToxicLink link) : ILinkPump
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private ToxicChain? chain;
    private bool inputEnded;

    /// <summary>The running chain, or null while the link copies directly.</summary>
    public ToxicChain? Chain => Volatile.Read(ref chain);

    /// <inheritdoc />
    public async Task<PumpMode> PumpAsync()
    {
        var buffer = link.Buffer;
        while (true)
        {
            var array = buffer.Array;
            var n = await link.Source.ReceiveAsync(array, SocketFlags.None).ConfigureAwait(false);
            if (n == 0)
            {
                return PumpMode.EndOfStream;
            }

            link.AddReceived(n);
            if (await ForwardAsync(array, n).ConfigureAwait(false) == PumpMode.Direct)
            {
                return PumpMode.Direct;
            }

            buffer.GrowIfFilled(n);
        }
    }

    /// <summary>
    /// Passes <paramref name="count"/> freshly read bytes to the chain; if its last toxic is gone, drains
    /// it first and writes them directly (returns <see cref="PumpMode.Direct"/>).
    /// </summary>
    public async Task<PumpMode> ForwardAsync(byte[] array, int count)
    {
        var current = Chain;
        while (current is not null && current.ToxicCount == 0)
        {
            await HandoffAsync(current).ConfigureAwait(false);
            current = Chain;
        }

        if (current is null)
        {
            await link.Destination.SendAsync(array.AsMemory(0, count), SocketFlags.None).ConfigureAwait(false);
            link.AddSent(count);
            return PumpMode.Direct;
        }

        var chunk = StreamChunk.Copy(array.AsSpan(0, count), link.Context.Time.GetTimestamp());
        await current.Head.WriteAsync(chunk, link.Lifetime).ConfigureAwait(false);
        return PumpMode.Chain;
    }

    /// <summary>Starts a chain's stubs and writer (at link start, or when the first toxic is added).</summary>
    public void StartChain(ToxicChain newChain)
    {
        foreach (var stub in newChain.Stubs)
        {
            stub.Start();
        }

        newChain.Writer = Task.Run(() => DoWriteAsync(newChain));
        Volatile.Write(ref chain, newChain);
    }

    /// <summary>The source ended: finish now, or close the chain's head so the end follows the bytes ahead.</summary>
    public async Task EndInputAsync()
    {
        try
        {
            await gate.WaitAsync(link.Lifetime).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            link.Finish();
            return;
        }

        try
        {
            inputEnded = true;
            if (chain is null)
            {
                link.Finish();
            }
            else
            {
                chain.Head.TryComplete();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Appends a toxic to the chain, creating the chain if the link copies directly.</summary>
    public Task AddToxicAsync(Toxic toxic) => ChangeAsync(async () =>
    {
        if (inputEnded || link.Lifetime.IsCancellationRequested)
        {
            return;
        }

        if (chain is null)
        {
            StartChain(new ToxicChain([toxic], link));
        }
        else
        {
            await chain.AppendAsync(toxic, link).ConfigureAwait(false);
        }
    });

    /// <summary>Restarts the named toxic's stub with new settings (re-rolls its toxicity).</summary>
    public Task UpdateToxicAsync(Toxic toxic) => ChangeAsync(() => chain?.UpdateAsync(toxic) ?? Task.CompletedTask);

    /// <summary>Splices the named toxic out, forwarding what it buffered.</summary>
    public Task RemoveToxicAsync(string name) =>
        ChangeAsync(() => chain?.RemoveAsync(name, link.Lifetime) ?? Task.CompletedTask);

    private async Task ChangeAsync(Func<Task> change)
    {
        try
        {
            await gate.WaitAsync(link.Lifetime).ConfigureAwait(false);
        }
        catch (Exception e) when (ToxicLink.IsExpected(e))
        {
            return;
        }

        try
        {
            await change().ConfigureAwait(false);
        }
        catch (Exception e) when (ToxicLink.IsExpected(e))
        {
            // the link ended while changing
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Takes an emptied chain out: the marker flushes it, then the reader copies directly.</summary>
    private async Task HandoffAsync(ToxicChain current)
    {
        await gate.WaitAsync(link.Lifetime).ConfigureAwait(false);
        try
        {
            if (chain != current || current.ToxicCount != 0)
            {
                return;
            }

            await current.Head.WriteAsync(StreamChunk.Handoff, link.Lifetime).ConfigureAwait(false);
            if (!await current.Writer!.ConfigureAwait(false))
            {
                throw new OperationCanceledException("link closed during handoff");
            }

            await current.Stubs[0].InterruptAsync().ConfigureAwait(false);
            Volatile.Write(ref chain, null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Returns true when the writer stopped for a handoff, false when the link ended.</summary>
    private async Task<bool> DoWriteAsync(ToxicChain from)
    {
        try
        {
            if (await ProcessWritesAsync(from).ConfigureAwait(false))
            {
                return true;
            }
        }
        catch (Exception e) when (ToxicLink.IsExpected(e))
        {
            // destination gone or link aborted
            link.Finish(e);
            return false;
        }

        link.Finish();
        return false;
    }

    private async Task<bool> ProcessWritesAsync(ToxicChain from)
    {
        var tail = from.Tail;
        var destination = link.Destination;
        while (await tail.WaitToReadAsync(link.Lifetime).ConfigureAwait(false))
        {
            while (tail.TryRead(out var chunk))
            {
                if (chunk.IsHandoff)
                {
                    return true;
                }

                if (chunk.Count > 0)
                {
                    await destination.SendAsync(chunk.Memory, SocketFlags.None).ConfigureAwait(false);
                }

                link.AddSent(chunk.Count);
                chunk.Release();
            }
        }

        return false;
    }
}
