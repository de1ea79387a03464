namespace SocketBench.Grade.Evidence;

/// <summary>The bytes a program should produce, readable at any offset without holding them all (a 1 GiB pattern costs nothing).</summary>
public abstract class ExpectedBytes
{
    /// <summary>Gets the total length.</summary>
    public abstract long Length { get; }

    /// <summary>Copies bytes starting at <paramref name="offset"/> into <paramref name="destination"/>; returns how many (fewer only at the end).</summary>
    public abstract int CopyTo(long offset, Span<byte> destination);

    /// <summary>Where <paramref name="offset"/> falls: the message number (1-based) and the offset inside it, for evidence.</summary>
    public virtual (int Message, long Offset) Locate(long offset) => (1, offset);

    /// <summary>Several messages, one after the other (what a server prints for clients served in order).</summary>
    public static ExpectedBytes Of(params byte[][] messages) => new Concatenation(messages);
}
