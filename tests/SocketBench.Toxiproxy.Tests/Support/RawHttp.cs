using System.Net.Sockets;
using System.Text;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>Raw HTTP over a socket, for requests HttpClient will not send (oversized, malformed, trickled).</summary>
internal static class RawHttp
{
    /// <summary>Connects to the server's API port.</summary>
    public static Task<Socket> ConnectAsync(ToxiproxyServer server) => Sockets.ConnectAsync(server.ApiEndPoint.Port);

    /// <summary>Sends ASCII text.</summary>
    public static async Task SendTextAsync(this Socket socket, string text) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>Reads until the server closes (a reset after the response counts as a close) and returns the text.</summary>
    public static async Task<string> ReadUntilCloseAsync(this Socket socket, TimeSpan limit)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (n == 0)
                {
                    break;
                }

                all.Write(buffer, 0, n);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // closed with unread input: what arrived before the reset is kept
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server did not close the connection within {limit.TotalMilliseconds} ms; got: {Encoding.Latin1.GetString(all.ToArray())}");
        }

        return Encoding.Latin1.GetString(all.ToArray());
    }

    /// <summary>Reads one response head plus a Content-Length body from a kept-alive connection.</summary>
    public static async Task<string> ReadOneResponseAsync(this Socket socket, TimeSpan limit)
    {
        var all = new List<byte>();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            var text = Encoding.Latin1.GetString([.. all]);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var length = ContentLength(text[..headEnd]);
                if (text.Length >= headEnd + 4 + length)
                {
                    return text[..(headEnd + 4 + length)];
                }
            }

            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            if (n == 0)
            {
                Assert.Fail($"connection closed mid-response: {text}");
            }

            all.AddRange(buffer.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>The status line of a response text.</summary>
    public static string StatusLine(string response)
    {
        var end = response.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? response : response[..end];
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
