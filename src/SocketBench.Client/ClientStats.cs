using System.Globalization;

namespace SocketBench.Client;

/// <summary>Counters behind the <c>-v</c> line; the line's shape is fixed by DESIGN.md section 3.</summary>
internal sealed class ClientStats
{
    public long Sent { get; set; }

    public long Chunks { get; set; }

    public long SendCalls { get; set; }

    public long PartialSends { get; set; }

    public long WouldBlock { get; set; }

    public int Attempts { get; set; }

    /// <summary>With <c>--receipt</c>: <c>ok</c>, <c>none</c> or <c>mismatch</c>; null without (the line then has no such key).</summary>
    public string? Receipt { get; set; }

    /// <summary>The exact stats line, without the <c>client: </c> prefix; <c>receipt=</c> is added only with <c>--receipt</c>.</summary>
    public string Format(TimeSpan elapsed) => string.Create(
        CultureInfo.InvariantCulture,
        $"sent={Sent} chunks={Chunks} send_calls={SendCalls} partial_sends={PartialSends} would_block={WouldBlock} attempts={Attempts} elapsed_ms={(long)elapsed.TotalMilliseconds}{(Receipt is null ? "" : " receipt=" + Receipt)}");
}
