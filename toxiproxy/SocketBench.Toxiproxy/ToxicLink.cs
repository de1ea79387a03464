using System.Net.Sockets;
using SocketBench.Toxiproxy.Pumps;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy;

/// <summary>
/// One direction of one proxied connection (cf. Toxiproxy's <c>link.go</c>).
/// <code>
///   source ──▶ pump ──▶ destination       pump = DirectPump  (no toxics: one pooled buffer)
///                                                SplicePump  (no toxics, bulk: kernel pipe, Linux)
///                                                ChainPump   (toxics: Head ─▶ [noop] ─▶ [toxic]* ─▶ Tail ─▶ writer)
///   source ends ──▶ destination gets the end as <see cref="LinkEnd"/> (half-close by default)
/// </code>
/// The reader runs one pump at a time; each returns the mode to continue in, so the link moves to the
/// chain when a toxic is added and back (through a handoff marker that drains the chain first) once the
/// last toxic is gone, without losing or reordering a byte.
/// </summary>
internal sealed class ToxicLink : IStubHost
{
    private readonly ProxyConnection owner;
    private readonly CancellationTokenSource lifetime = new();
    private DirectPump? directPump;
    private SplicePump? splicePump;
    private bool spliceRefused;
    private ReadBuffer? buffer;
    private int done;
    private long receivedBytes;
    private long sentBytes;
    private volatile bool closeRequested;
    private Exception? readFailure;

    /// <summary>Creates a stopped link.</summary>
    public ToxicLink(ProxyConnection owner, LinkContext context, Direction direction, Socket source, Socket destination)
    {
        this.owner = owner;
        Context = context;
        Direction = direction;
        Source = source;
        Destination = destination;
        ChainPump = new ChainPump(this);
    }

    /// <summary>Which way the bytes flow.</summary>
    public Direction Direction { get; }

    /// <summary>Where bytes come from.</summary>
    public Socket Source { get; }

    /// <summary>Where bytes go.</summary>
    public Socket Destination { get; }

    /// <summary>Bytes read from the source so far.</summary>
    public long ReceivedBytes => Interlocked.Read(ref receivedBytes);

    /// <summary>Bytes written to the destination so far.</summary>
    public long SentBytes => Interlocked.Read(ref sentBytes);

    /// <inheritdoc />
    public LinkContext Context { get; }

    /// <inheritdoc />
    public CancellationToken Lifetime => lifetime.Token;

    /// <summary>The chain mode: the toxics, their writer, live toxic changes.</summary>
    public ChainPump ChainPump { get; }

    /// <summary>True while a toxic chain carries the bytes (read without the gate as a hint).</summary>
    public bool HasChain => ChainPump.Chain is not null;

    /// <summary>The reader's pooled buffer, shared by the pumps (they run one at a time).</summary>
    public ReadBuffer Buffer => buffer!;

    /// <summary>True while the splice pump may still be tried (Linux, not refused by the system).</summary>
    public bool SpliceAllowed => !spliceRefused && Net.SplicePipe.Supported;

    /// <inheritdoc />
    public void CloseConnection() => owner.Close();

    /// <inheritdoc />
    public void ResetConnection() => owner.Reset();

    /// <inheritdoc />
    public void RequestClose() => closeRequested = true;

    /// <summary>Appends a toxic to the chain (creating the chain if the link copies directly).</summary>
    public Task AddToxicAsync(Toxic toxic) => ChainPump.AddToxicAsync(toxic);

    /// <summary>Restarts the named toxic's stub with new settings (re-rolls its toxicity).</summary>
    public Task UpdateToxicAsync(Toxic toxic) => ChainPump.UpdateToxicAsync(toxic);

    /// <summary>Splices the named toxic out, forwarding what it buffered.</summary>
    public Task RemoveToxicAsync(string name) => ChainPump.RemoveToxicAsync(name);

    /// <summary>Starts the chain of the toxics that exist when the connection starts (under the collection's lock).</summary>
    public void Prepare(IReadOnlyList<Toxic> toxics)
    {
        if (toxics.Count > 0)
        {
            ChainPump.StartChain(new ToxicChain(toxics, this));
        }
    }

    /// <summary>
    /// Starts reading on the caller's thread: a fresh connection's first bytes (often already there)
    /// move without a hop to the thread pool; the reader yields at its first read that has to wait.
    /// </summary>
    public void Run() => _ = DoReadAsync();

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

    /// <summary>Counts bytes read from the source.</summary>
    public void AddReceived(int count) => Interlocked.Add(ref receivedBytes, count);

    /// <summary>Counts bytes written to the destination.</summary>
    public void AddSent(int count) => Interlocked.Add(ref sentBytes, count);

    /// <summary>Ends the link, once: passes the end on to the destination as <see cref="HowToEnd"/> says.</summary>
    public void Finish(Exception? writeFailure = null)
    {
        if (Interlocked.Exchange(ref done, 1) != 0)
        {
            return;
        }

        owner.EndLink(Destination, HowToEnd(writeFailure ?? Volatile.Read(ref readFailure)));
        lifetime.Cancel();
        owner.OnLinkFinished();
    }

    /// <summary>True for the exceptions a closing or failing socket, channel or link raises.</summary>
    public static bool IsExpected(Exception e) =>
        e is SocketException or ObjectDisposedException or OperationCanceledException
            or System.Threading.Channels.ChannelClosedException or IOException;

    private async Task DoReadAsync()
    {
        buffer = new ReadBuffer();
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
            buffer.Dispose();
            splicePump?.Dispose();
        }

        await ChainPump.EndInputAsync().ConfigureAwait(false);
    }

    private async Task ProcessReadsAsync()
    {
        var mode = HasChain ? PumpMode.Chain : PumpMode.Direct;
        while (mode != PumpMode.EndOfStream)
        {
            mode = await Pump(mode).PumpAsync().ConfigureAwait(false);
        }
    }

    private ILinkPump Pump(PumpMode mode)
    {
        if (mode == PumpMode.Splice && SpliceAllowed)
        {
            splicePump ??= SplicePump.TryCreate(this);
            spliceRefused = splicePump is null;
            if (splicePump is not null)
            {
                return splicePump;
            }
        }

        return mode == PumpMode.Chain ? ChainPump : directPump ??= new DirectPump(this);
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
}
