using System.Globalization;

namespace SocketBench.Grade.Evidence;

/// <summary>The first difference between expected and actual output.</summary>
/// <param name="Offset">Offset of the first differing byte in the whole output.</param>
/// <param name="Message">The message (1-based) that offset falls in.</param>
/// <param name="OffsetInMessage">The offset inside that message.</param>
/// <param name="Before">Bytes before the offset (equal on both sides).</param>
/// <param name="ExpectedAfter">Expected bytes from the offset on.</param>
/// <param name="ActualAfter">Actual bytes from the offset on.</param>
/// <param name="Received">Bytes the program produced.</param>
/// <param name="ExpectedLength">Bytes it should have produced.</param>
public sealed record Mismatch(long Offset, int Message, long OffsetInMessage, byte[] Before, byte[] ExpectedAfter, byte[] ActualAfter, long Received, long ExpectedLength)
{
    /// <summary>One line: where and what kind.</summary>
    public string Headline =>
        Received < ExpectedLength && ActualAfter.Length == 0 && Offset == Received
            ? $"output stops at byte {Offset} of {ExpectedLength} ({ExpectedLength - Received} bytes missing)"
            : Offset >= ExpectedLength
                ? $"{Received - ExpectedLength} extra byte(s) after the expected {ExpectedLength}"
                : $"first differing byte at offset {Offset} (message {Message}, offset {OffsetInMessage})";

    /// <summary>Evidence entries: offset, context, expected and actual excerpts.</summary>
    public IEnumerable<KeyValuePair<string, string>> Entries()
    {
        yield return new("first difference", Headline);
        yield return new("bytes", string.Create(CultureInfo.InvariantCulture, $"received {Received}, expected {ExpectedLength}"));
        if (Before.Length > 0)
        {
            yield return new("before it (same on both sides)", ByteText.Show(Before));
        }

        yield return new("expected from there", ByteText.Show(ExpectedAfter));
        yield return new("actual from there", Offset >= ExpectedLength && ActualAfter.Length == 0 ? "(extra bytes)" : ByteText.Show(ActualAfter));
    }
}
