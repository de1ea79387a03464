namespace SocketBench.Bench;

/// <summary>Where a server's stdout goes during a bench: straight to /dev/null, or through a pipe into <c>cat</c>.</summary>
public enum Sink
{
    DevNull,
    Pipe,
}
