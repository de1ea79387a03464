using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SocketBench.Toxiproxy.Api;

/// <summary>Writing responses, each under the write deadline.</summary>
internal sealed partial class HttpConnection
{
    private async Task WriteAsync(ApiResponse response, bool keepAlive, CancellationToken stop)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
        if (response.ContentType is not null)
        {
            head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        }

        if (response.NoSniff)
        {
            head.Append("X-Content-Type-Options: nosniff\r\n");
        }

        if (response.RequestId)
        {
            head.Append("X-Toxiproxy-Request-Id: ").Append(RequestIds.Next()).Append("\r\n");
        }

        head.Append("Date: ").Append(Time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        if (response.Status != 204)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        }

        if (!keepAlive)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        var all = new byte[headBytes.Length + response.Body.Length];
        headBytes.CopyTo(all, 0);
        response.Body.CopyTo(all, headBytes.Length);

        // A peer that stops reading must not hold this connection (and its slot) for ever.
        using var deadline = new CancellationTokenSource(options.ApiWriteTimeout, Time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        await socket.SendAsync(all.AsMemory(), SocketFlags.None, either.Token).ConfigureAwait(false);
    }

    private async Task TryWriteAsync(ApiResponse response, CancellationToken stop)
    {
        try
        {
            await WriteAsync(response, keepAlive: false, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // best effort
        }
    }

    private static string Reason(int status) => status switch
    {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Request Entity Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
}
