using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// Passes every chunk through unchanged. Also the hidden first stub of every chain and the stand-in
/// for a toxic whose toxicity roll missed.
/// <code>
///   Input ──chunk──▶ Output
/// </code>
/// </summary>
internal sealed class NoopToxic(ToxicSettings settings) : Toxic(settings)
{
    /// <summary>Wire name.</summary>
    public const string TypeName = "noop";

    /// <summary>Registry entry.</summary>
    public static ToxicDefinition Definition { get; } = new(TypeName, "NoopToxic", [], s => new NoopToxic(s));

    /// <summary>The shared passthrough instance.</summary>
    public static NoopToxic Passthrough { get; } =
        new(new ToxicSettings("noop", TypeName, "downstream", Direction.Downstream, 1, []));

    /// <inheritdoc />
    public override Task<PipeResult> PipeAsync(ToxicStub stub, CancellationToken interrupt) => Run(stub, interrupt);

    /// <summary>The passthrough loop, shared with toxics that fall back to it.</summary>
    public static async Task<PipeResult> Run(ToxicStub stub, CancellationToken interrupt)
    {
        while (true)
        {
            var (status, chunk) = await stub.ReadAsync(interrupt).ConfigureAwait(false);
            switch (status)
            {
                case ReadStatus.Interrupted:
                    return PipeResult.Interrupted;
                case ReadStatus.Closed:
                    return stub.Close();
                default:
                    await stub.WriteAsync(chunk).ConfigureAwait(false);
                    break;
            }
        }
    }
}
