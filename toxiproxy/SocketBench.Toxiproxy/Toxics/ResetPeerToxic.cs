namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// Waits for the first chunk (or the close) on its link, drops it, waits <c>timeout</c> ms and resets
/// the connection: SO_LINGER=0 on both sockets, so the close is a TCP RST (the peer reads
/// ECONNRESET). Only a firing toxic resets: a connection whose toxicity roll missed closes normally
/// (Toxiproxy sets the linger at connection start whatever the roll, issue #603).
/// <code>
///   Input ──first chunk──▶ (dropped) ──▶ wait(timeout) ──▶ Output closed ──▶ RST
/// </code>
/// Unlike Toxiproxy, the wait is interruptible: an update resumes the same deadline, and removal
/// closes the connection at once instead of blocking the API.
/// </summary>
internal sealed class ResetPeerToxic(ToxicSettings settings) : Toxic(settings)
{
    /// <summary>Wire name.</summary>
    public const string TypeName = "reset_peer";

    /// <summary>Registry entry.</summary>
    public static ToxicDefinition Definition { get; } = new(
        TypeName, "ResetToxic", [new("timeout")], s => new ResetPeerToxic(s));

    /// <summary>Delay between the first chunk and the reset (wire <c>timeout</c>).</summary>
    public long TimeoutMilliseconds => Attribute(0);

    /// <inheritdoc />
    public override object? CreateState() => new ResetPeerState();

    /// <inheritdoc />
    public override async Task<PipeResult> PipeAsync(ToxicStub stub, CancellationToken interrupt)
    {
        var state = (ResetPeerState)stub.State!;
        if (state.TriggeredAt is null)
        {
            var (status, _) = await stub.ReadAsync(interrupt).ConfigureAwait(false);
            if (status == ReadStatus.Interrupted)
            {
                return PipeResult.Interrupted;
            }

            state.TriggeredAt = stub.Time.GetTimestamp();
        }

        var remaining = TimeSpan.FromMilliseconds(TimeoutMilliseconds) - stub.Time.GetElapsedTime(state.TriggeredAt.Value);
        if (remaining > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(remaining, stub.Time, interrupt).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return PipeResult.Interrupted;
            }
        }

        stub.Host.ResetConnection();
        return stub.Close();
    }

    /// <inheritdoc />
    public override void Cleanup(ToxicStub stub)
    {
        if (((ResetPeerState)stub.State!).TriggeredAt is not null)
        {
            stub.Host.ResetConnection();
        }
    }

    private sealed class ResetPeerState
    {
        public long? TriggeredAt { get; set; }
    }
}
