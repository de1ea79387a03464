namespace SocketBench.Load;

/// <summary>
/// One client's life in seconds since the scenario's origin: connect issued, handshake done (the
/// client's connect returned), served (the server closed after its message); null when it did not
/// happen (yet). <paramref name="State"/> is what the scenario judged (e.g. queued, waiting), at
/// <paramref name="JudgedS"/> when the scenario stopped watching at a judgement (scenario 1): a
/// client still waiting then waits until that moment, not only until the last event of any client.
/// </summary>
public sealed record ClientTrace(int Client, string State, double ConnectS, double? HandshakeS, double? ServedS, double? JudgedS = null);
