namespace SocketBench.Toxiproxy.Stream;

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
