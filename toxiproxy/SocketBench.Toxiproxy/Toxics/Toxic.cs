namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// The contract every toxic implements (cf. Toxiproxy's <c>toxics/toxic.go</c>).
/// <code>
///   stub.Input ──▶ PipeAsync(stub, interrupt) ──▶ stub.Output
/// </code>
/// A pipe loop reads chunks from <see cref="ToxicStub.Input"/>, transforms, delays or drops them and
/// writes to <see cref="ToxicStub.Output"/>. When the interrupt token fires it forwards whatever chunk it
/// holds (no byte is ever lost on interrupt) and returns <see cref="PipeResult.Interrupted"/>. When the
/// input completes it completes the output (possibly after a delay) and returns <see cref="PipeResult.Closed"/>.
/// </summary>
internal abstract class Toxic
{
    /// <summary>Creates the toxic from validated settings.</summary>
    protected Toxic(ToxicSettings settings) => Settings = settings;

    /// <summary>The settings the API reports.</summary>
    public ToxicSettings Settings { get; }

    /// <summary>The toxic's name.</summary>
    public string Name => Settings.Name;

    /// <summary>Capacity of the channel in front of this toxic (latency buffers 1024 chunks).</summary>
    public virtual int BufferSize => 1;

    /// <summary>Per-link state that survives interrupts (limit_data's byte count, reset_peer's deadline).</summary>
    public virtual object? CreateState() => null;

    /// <summary>Runs the toxic until interrupted or closed.</summary>
    public abstract Task<PipeResult> PipeAsync(ToxicStub stub, CancellationToken interrupt);

    /// <summary>Called when the toxic is removed from a live link, after its stub stopped.</summary>
    public virtual void Cleanup(ToxicStub stub)
    {
    }

    /// <summary>Reads an attribute by its index in the type's definition.</summary>
    protected long Attribute(int index) => Settings.Attributes[index];
}
