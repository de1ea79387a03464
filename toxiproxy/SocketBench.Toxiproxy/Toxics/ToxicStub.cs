using System.Threading.Channels;
using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// One stage of a link's chain: a toxic between two channels (cf. Toxiproxy's <c>ToxicStub</c>).
/// <code>
///   Input ──▶ [ toxic or, if the toxicity roll missed, noop ] ──▶ Output
/// </code>
/// <see cref="Start"/> rolls the toxicity and runs the pipe loop; <see cref="InterruptAsync"/> cancels the
/// loop and waits until it has forwarded its in-flight chunk. The link rewires <see cref="Output"/> only
/// while the stub is stopped.
/// </summary>
internal sealed class ToxicStub
{
    private readonly IStubHost host;
    private CancellationTokenSource? interrupt;
    private Task<bool>? running;

    /// <summary>Creates a stopped stub.</summary>
    public ToxicStub(Toxic toxic, ChannelReader<StreamChunk> input, ChannelWriter<StreamChunk> output, IStubHost host)
    {
        Toxic = toxic;
        Input = input;
        Output = output;
        this.host = host;
        State = toxic.CreateState();
        Random = new Random(host.Context.NextSeed());
    }

    /// <summary>The toxic this stub runs; replaced on update while stopped.</summary>
    public Toxic Toxic { get; set; }

    /// <summary>Chunks coming in.</summary>
    public ChannelReader<StreamChunk> Input { get; }

    /// <summary>Chunks going out.</summary>
    public ChannelWriter<StreamChunk> Output { get; set; }

    /// <summary>Per-link toxic state, created once per stub.</summary>
    public object? State { get; }

    /// <summary>Random source for jitter and slicing, seeded from the server seed.</summary>
    public Random Random { get; }

    /// <summary>Time source.</summary>
    public TimeProvider Time => host.Context.Time;

    /// <summary>Link lifetime.</summary>
    public CancellationToken Lifetime => host.Lifetime;

    /// <summary>The link's host, for toxics that close the connection.</summary>
    public IStubHost Host => host;

    /// <summary>
    /// Waits <paramref name="delay"/> on the link's clock; false when <paramref name="interrupt"/> fired
    /// first (the toxic must then return <see cref="PipeResult.Interrupted"/>).
    /// </summary>
    public async Task<bool> SleepAsync(TimeSpan delay, CancellationToken interrupt)
    {
        if (delay <= TimeSpan.Zero)
        {
            return !interrupt.IsCancellationRequested;
        }

        try
        {
            await Task.Delay(delay, Time, interrupt).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts the pipe loop, rolling the toxicity first.</summary>
    public void Start()
    {
        interrupt = CancellationTokenSource.CreateLinkedTokenSource(host.Lifetime);
        var apply = Random.NextSingle() < Toxic.Settings.Toxicity;
        running = RunAsync(apply ? Toxic : NoopToxic.Passthrough, interrupt.Token);
    }

    /// <summary>Stops the pipe loop. Returns false if the stub had closed (or the link is gone).</summary>
    public async Task<bool> InterruptAsync()
    {
        if (running is null || interrupt is null)
        {
            return false;
        }

        await interrupt.CancelAsync().ConfigureAwait(false);
        var open = await running.ConfigureAwait(false);
        interrupt.Dispose();
        interrupt = null;
        running = null;
        return open;
    }

    /// <summary>Reads the next chunk, or reports close or interrupt.</summary>
    public async ValueTask<(ReadStatus Status, StreamChunk Chunk)> ReadAsync(CancellationToken token)
    {
        try
        {
            while (await Input.WaitToReadAsync(token).ConfigureAwait(false))
            {
                if (Input.TryRead(out var chunk))
                {
                    return (ReadStatus.Chunk, chunk);
                }
            }

            return (ReadStatus.Closed, default);
        }
        catch (OperationCanceledException)
        {
            return (ReadStatus.Interrupted, default);
        }
    }

    /// <summary>Writes a chunk downstream; waits for room, never drops.</summary>
    public ValueTask WriteAsync(StreamChunk chunk) => Output.WriteAsync(chunk, host.Lifetime);

    /// <summary>Passes the close on: the end of this direction (a half-close, when the proxy passes those through).</summary>
    public PipeResult Close()
    {
        Output.TryComplete();
        return PipeResult.Closed;
    }

    /// <summary>
    /// Closes the link as the toxic's own decision (timeout fired, limit reached): once the bytes ahead
    /// are written, the whole connection closes, half-close pass-through or not.
    /// </summary>
    public PipeResult CloseConnection()
    {
        host.RequestClose();
        return Close();
    }

    private async Task<bool> RunAsync(Toxic toxic, CancellationToken token)
    {
        try
        {
            var result = await toxic.PipeAsync(this, token).ConfigureAwait(false);
            return result == PipeResult.Interrupted && !host.Lifetime.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }
}
