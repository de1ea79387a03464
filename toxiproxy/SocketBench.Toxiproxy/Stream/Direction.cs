namespace SocketBench.Toxiproxy.Stream;

/// <summary>
/// The direction a link carries bytes in.
/// <code>
///   client ──Upstream──▶ proxy ──▶ upstream server
///   client ◀──Downstream── proxy ◀── upstream server
/// </code>
/// </summary>
public enum Direction
{
    /// <summary>Client to server.</summary>
    Upstream,

    /// <summary>Server to client (Toxiproxy's default stream).</summary>
    Downstream,
}

/// <summary>Parses Toxiproxy's <c>stream</c> strings.</summary>
internal static class DirectionParser
{
    /// <summary>Parses <c>upstream</c> or <c>downstream</c>, case-insensitively, as Toxiproxy does.</summary>
    public static bool TryParse(string value, out Direction direction)
    {
        if (string.Equals(value, "upstream", StringComparison.OrdinalIgnoreCase))
        {
            direction = Direction.Upstream;
            return true;
        }

        direction = Direction.Downstream;
        return string.Equals(value, "downstream", StringComparison.OrdinalIgnoreCase);
    }
}
