namespace SocketBench.Grade.Evidence;

/// <summary>How an output splits into whole messages, each once, in any order (what a server serving clients one at a time prints).</summary>
/// <param name="Order">The message numbers (0-based) in output order, as far as they were whole.</param>
/// <param name="Problem">Null when the output is exactly every message once; else what breaks it, with the offset.</param>
public sealed record Interleaving(IReadOnlyList<int> Order, string? Problem)
{
    /// <summary>Splits <paramref name="output"/> into <paramref name="messages"/> (non-empty, distinct first bytes).</summary>
    public static Interleaving Split(ReadOnlySpan<byte> output, IReadOnlyList<byte[]> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var used = new bool[messages.Count];
        var order = new List<int>();
        var at = 0;
        while (at < output.Length)
        {
            var rest = output[at..];
            var best = -1;
            var bestLength = -1;
            for (var i = 0; i < messages.Count; i++)
            {
                var common = rest.CommonPrefixLength(messages[i]);
                if (!used[i] && common == messages[i].Length)
                {
                    best = i;
                    bestLength = common;
                    break;
                }

                if (!used[i] && common > bestLength)
                {
                    best = i;
                    bestLength = common;
                }
            }

            if (best < 0 || bestLength < messages[best].Length)
            {
                var what = best < 0 || bestLength == 0
                    ? $"at offset {at} the output continues with bytes that start no remaining message: {ByteText.Show(rest[..Math.Min(rest.Length, 24)])}"
                    : $"message {best + 1} starts at offset {at} but is broken off after {bestLength} of {messages[best].Length} bytes by {ByteText.Show(rest.Slice(bestLength, Math.Min(rest.Length - bestLength, 24)))}";
                return new Interleaving(order, what);
            }

            used[best] = true;
            order.Add(best);
            at += bestLength;
        }

        var missing = Enumerable.Range(0, messages.Count).Where(i => !used[i]).Select(i => i + 1).ToList();
        return new Interleaving(order, missing.Count == 0 ? null : $"output ends after {order.Count} whole messages; missing: {string.Join(", ", missing)}");
    }
}
