namespace SocketBench.Toxiproxy.Pumps;

/// <summary>
/// One way of moving a link's bytes from its source to its destination.
/// <code>
///   link reader: mode = Direct | Chain;  while (mode != EndOfStream) mode = pump(mode).PumpAsync()
/// </code>
/// A pump reads until the source ends or another mode should take over, and returns that mode. It
/// never closes sockets: the link passes the end on. Exceptions mean the source or destination failed.
/// </summary>
internal interface ILinkPump
{
    /// <summary>Moves bytes until the source ends (<see cref="PumpMode.EndOfStream"/>) or another mode should take over.</summary>
    Task<PumpMode> PumpAsync();
}
