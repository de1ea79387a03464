using System.Buffers;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy;

/// <summary>
/// One direction of one proxied connection (cf. Toxiproxy's <c>link.go</c>).
/// <code>
///   no toxics:   source ──reader──▶ destination                (direct copy, one pooled buffer)
///   toxics:      source ──reader──▶ Head ─▶ [noop] ─▶ [toxic]* ─▶ Tail ──writer──▶ destination
/// </code>
/// The reader switches to the chain when a toxic is added and back (through a handoff marker that
/// drains the chain first) once the last toxic is gone, so no byte is lost or reordered. The end of
/// the source, or a toxic closing the chain, fully closes the destination; the other link then sees
/// its source fail and closes too: a close on either side tears down both.
/// </summary>
internal sealed partial class ToxicLink : IStubHost
{
    private readonly Socket source;
    private readonly Socket destination;
    private readonly ProxyConnection owner;
    private readonly CancellationTokenSource lifetime = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private ToxicChain? chain;
    private byte[] readBuffer = [];
    private bool inputEnded;
    private int done;
    private volatile bool closeRequested;
    private Exception? readFailure;
    private long receivedBytes;
    private long sentBytes;

    /// <summary>Creates a stopped link.</summary>
    public ToxicLink(ProxyConnection owner, Direction direction, Socket source, Socket destination)
    {
        this.owner = owner;
        Direction = direction;
        this.source = source;
        this.destination = destination;
    }

    /// <summary>Which way the bytes flow.</summary>
    public Direction Direction { get; }

    /// <summary>Bytes read from the source so far.</summary>
    public long ReceivedBytes => Interlocked.Read(ref receivedBytes);

    /// <summary>Bytes written to the destination so far.</summary>
    public long SentBytes => Interlocked.Read(ref sentBytes);

    /// <inheritdoc />
    public TimeProvider Time => owner.Time;

    /// <inheritdoc />
    public CancellationToken Lifetime => lifetime.Token;

    /// <summary>Completes when the link is finished (destination closed).</summary>
    public Task Completion => completion.Task;

    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public int NextSeed() => owner.NextSeed();

    /// <inheritdoc />
    public void CloseConnection() => owner.Close();

    /// <inheritdoc />
    public void ResetConnection() => owner.Reset();

    /// <inheritdoc />
    public void RequestClose() => closeRequested = true;

    /// <summary>Starts reading, with the toxics that exist when the connection starts.</summary>
    public void Start(IReadOnlyList<Toxic> toxics)
    {
        if (toxics.Count > 0)
        {
            StartChain(new ToxicChain(toxics, this));
        }

        _ = Task.Run(DoReadAsync);
    }

    /// <summary>Stops everything at once (proxy stop or connection close).</summary>
    public void Abort()
    {
        try
        {
            lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // already finished
        }
    }

    private async Task DoReadAsync()
    {
        readBuffer = ArrayPool<byte>.Shared.Rent(ToxiproxyConstants.MinReadBuffer);
        try
        {
            await ProcessReadsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsExpected(e))
        {
            // the source failed or the link was torn down: end of this link's input, not a clean EOF
            Volatile.Write(ref readFailure, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(readBuffer);
            pipe?.Dispose();
        }

        await EndInputAsync().ConfigureAwait(false);
    }

    private async Task ProcessReadsAsync()
    {
        while (true)
        {
            if (pipe is not null && Volatile.Read(ref chain) is null)
            {
                var spliced = await SpliceOnceAsync(pipe).ConfigureAwait(false);
                if (spliced == SpliceResult.EndOfStream)
                {
                    return;
                }

                continue;
            }

            var buffer = readBuffer;
            var n = await source.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            receivedBytes += n;
            var current = Volatile.Read(ref chain);
            while (current is not null && current.ToxicCount == 0)
            {
                await HandoffAsync(current).ConfigureAwait(false);
                current = Volatile.Read(ref chain);
            }

            if (current is null)
            {
                await destination.SendAsync(buffer.AsMemory(0, n), SocketFlags.None).ConfigureAwait(false);
                sentBytes += n;
            }
            else
            {
                var chunk = StreamChunk.Copy(buffer.AsSpan(0, n), Time.GetTimestamp());
                await current.Head.WriteAsync(chunk, lifetime.Token).ConfigureAwait(false);
            }

            if (ShouldSplice(n))
            {
                continue;
            }

            if (n == buffer.Length && buffer.Length < ToxiproxyConstants.MaxReadBuffer)
            {
                // A full read means bulk traffic: grow, so large transfers take fewer syscalls while
                // idle and chatty links keep a small buffer.
                readBuffer = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task EndInputAsync()
    {
        try
        {
            await gate.WaitAsync(lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Finish();
            return;
        }

        try
        {
            inputEnded = true;
            if (chain is null)
            {
                Finish();
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

    /// <summary>Takes an emptied chain out: the marker flushes it, then the reader copies directly.</summary>
    private async Task HandoffAsync(ToxicChain current)
    {
        await gate.WaitAsync(lifetime.Token).ConfigureAwait(false);
        try
        {
            if (chain != current || current.ToxicCount != 0)
            {
                return;
            }

            await current.Head.WriteAsync(StreamChunk.Handoff, lifetime.Token).ConfigureAwait(false);
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

    private void StartChain(ToxicChain newChain)
    {
        foreach (var stub in newChain.Stubs)
        {
            stub.Start();
        }

        newChain.Writer = Task.Run(() => DoWriteAsync(newChain));
        Volatile.Write(ref chain, newChain);
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
        catch (Exception e) when (IsExpected(e))
        {
            // destination gone or link aborted
            Finish(e);
            return false;
        }

        Finish();
        return false;
    }

    private async Task<bool> ProcessWritesAsync(ToxicChain from)
    {
        var tail = from.Tail;
        while (await tail.WaitToReadAsync(lifetime.Token).ConfigureAwait(false))
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

                sentBytes += chunk.Count;
                chunk.Release();
            }
        }

        return false;
    }

    /// <summary>Ends the link, once: passes the end on to the destination as <see cref="HowToEnd"/> says.</summary>
    private void Finish(Exception? writeFailure = null)
    {
        if (Interlocked.Exchange(ref done, 1) != 0)
        {
            return;
        }

        owner.EndLink(destination, HowToEnd(writeFailure ?? Volatile.Read(ref readFailure)));
        lifetime.Cancel();
        completion.TrySetResult();
        owner.OnLinkFinished();
    }

    /// <summary>
    /// A clean end of the source is a half-close of the destination (when the proxy passes those
    /// through); a reset on either socket resets the connection; any other failure, a toxic's own
    /// close, or a proxy that keeps Toxiproxy's behaviour closes the destination fully.
    /// </summary>
    private LinkEnd HowToEnd(Exception? failure) => failure switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionReset } => LinkEnd.Reset,
        not null => LinkEnd.Close,
        _ when closeRequested || !owner.PassHalfClose => LinkEnd.Close,
        _ => LinkEnd.HalfClose,
    };

    private static bool IsExpected(Exception e) =>
        e is SocketException or ObjectDisposedException or OperationCanceledException
            or System.Threading.Channels.ChannelClosedException or IOException;
}
