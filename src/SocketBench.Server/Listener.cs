using System.Net;
using System.Net.Sockets;

namespace SocketBench.Server;

/// <summary>Creates, binds and listens the server's socket, turning failures into one line and an exit code.</summary>
internal static class Listener
{
    /// <summary>Returns the listening socket, or null and the exit code after printing why it could not be opened.</summary>
    public static (Socket? Socket, ExitCode Failure) Open(ServerOptions options)
    {
        Socket socket;
        try
        {
            socket = Create(options.Bind);
        }
        catch (SocketException e)
        {
            Diagnostics.Line($"cannot create a socket ({e.SocketErrorCode}): {e.Message}");
            return (null, SocketErrorClassifier.CreateExitCode(e.SocketErrorCode));
        }

        var address = options.Bind ?? (socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        try
        {
            socket.Bind(new IPEndPoint(address, options.Port));
            socket.Listen(options.Backlog);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var (exit, line) = SocketErrorClassifier.BindFailure(e.SocketErrorCode, e.Message, address.ToString(), options.Port);
            Diagnostics.Line(line);
            return (null, exit);
        }

        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        Diagnostics.Line($"listening on {address} port {port} (backlog {options.Backlog})");
        return (socket, ExitCode.Ok);
    }

    private static Socket Create(IPAddress? bind)
    {
        if (bind is not null)
        {
            var s = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (bind.AddressFamily == AddressFamily.InterNetworkV6 && bind.Equals(IPAddress.IPv6Any))
            {
                s.DualMode = true;
            }

            return s;
        }

        if (Socket.OSSupportsIPv6)
        {
            try
            {
                return new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressFamilyNotSupported)
            {
                // IPv6 disabled: fall through to IPv4.
            }
        }

        return new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    }
}
