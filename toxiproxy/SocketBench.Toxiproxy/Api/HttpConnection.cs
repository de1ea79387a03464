using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// One keep-alive HTTP/1.1 connection to the API: parse a request, route it, write the response, repeat.
/// <code>
///   socket ──head (≤64 KiB)──▶ Content-Length or chunked body ──▶ router ──▶ response ──▶ socket
/// </code>
/// Small and strict: enough for Toxiproxy clients, curl and browsers' fetch, not a general server.
/// </summary>
internal sealed class HttpConnection(Socket socket, ApiRouter router, TimeProvider time)
{
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;

    /// <summary>Serves requests until the peer closes, asks to close, idles out or misbehaves.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var idle = new CancellationTokenSource(ToxiproxyConstants.ApiIdleTimeout, time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, idle.Token);
                var (request, keepAlive) = await ReadRequestAsync(either.Token).ConfigureAwait(false);
                if (request is null)
                {
                    return;
                }

                // Off the socket thread: handlers may bind listeners or resolve names synchronously.
                var response = await Task.Run(() => router.RouteAsync(request), CancellationToken.None).ConfigureAwait(false);
                await WriteAsync(response, keepAlive).ConfigureAwait(false);
                if (!keepAlive)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // peer went away or idle timeout
        }
        catch (BadRequestException)
        {
            await TryWriteAsync(new ApiResponse(400, ApiResponse.TextPlain, "400 Bad Request"u8.ToArray()) { RequestId = false }).ConfigureAwait(false);
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task<(HttpRequest? Request, bool KeepAlive)> ReadRequestAsync(CancellationToken token)
    {
        int headEnd;
        while ((headEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (end - start >= ToxiproxyConstants.MaxRequestHeadBytes)
            {
                throw new BadRequestException();
            }

            if (!await FillAsync(token).ConfigureAwait(false))
            {
                return (null, false);
            }
        }

        var head = Encoding.Latin1.GetString(buffer, start, headEnd);
        start += headEnd + 4;
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new BadRequestException();
        }

        var headers = ParseHeaders(lines);
        var keepAlive = requestLine[2] == "HTTP/1.1"
            ? !HeaderHas(headers, "connection", "close")
            : HeaderHas(headers, "connection", "keep-alive");
        if (HeaderHas(headers, "expect", "100-continue"))
        {
            await socket.SendAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), SocketFlags.None, token).ConfigureAwait(false);
        }

        var body = HeaderHas(headers, "transfer-encoding", "chunked")
            ? await ReadChunkedAsync(token).ConfigureAwait(false)
            : await ReadBodyAsync(ContentLength(headers), token).ConfigureAwait(false);
        var target = requestLine[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        headers.TryGetValue("user-agent", out var userAgent);
        return (new HttpRequest(requestLine[0].ToUpperInvariant(), path, userAgent ?? string.Empty, body), keepAlive);
    }

    private static Dictionary<string, string> ParseHeaders(string[] lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new BadRequestException();
            }

            var name = lines[i][..colon].Trim();
            var value = lines[i][(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }

        return headers;
    }

    private static bool HeaderHas(Dictionary<string, string> headers, string name, string token) =>
        headers.TryGetValue(name, out var value)
        && value.Split(',').Any(v => v.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));

    private static int ContentLength(Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue("content-length", out var text))
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length <= ToxiproxyConstants.MaxRequestBodyBytes
            ? length
            : throw new BadRequestException();
    }

    private async Task<byte[]> ReadBodyAsync(int length, CancellationToken token)
    {
        while (end - start < length)
        {
            if (!await FillAsync(token).ConfigureAwait(false))
            {
                throw new BadRequestException();
            }
        }

        var body = buffer.AsSpan(start, length).ToArray();
        start += length;
        return body;
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken token)
    {
        var body = new ArrayBufferWriter<byte>();
        while (true)
        {
            var line = await ReadLineAsync(token).ConfigureAwait(false);
            var semicolon = line.IndexOf(';', StringComparison.Ordinal);
            var sizeText = (semicolon < 0 ? line : line[..semicolon]).Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size)
                || size < 0 || body.WrittenCount + size > ToxiproxyConstants.MaxRequestBodyBytes)
            {
                throw new BadRequestException();
            }

            if (size == 0)
            {
                while ((await ReadLineAsync(token).ConfigureAwait(false)).Length > 0)
                {
                    // trailers are ignored
                }

                return body.WrittenSpan.ToArray();
            }

            body.Write(await ReadBodyAsync(size, token).ConfigureAwait(false));
            if ((await ReadLineAsync(token).ConfigureAwait(false)).Length != 0)
            {
                throw new BadRequestException();
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken token)
    {
        int lineEnd;
        while ((lineEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8)) < 0)
        {
            if (end - start >= ToxiproxyConstants.MaxRequestHeadBytes || !await FillAsync(token).ConfigureAwait(false))
            {
                throw new BadRequestException();
            }
        }

        var line = Encoding.Latin1.GetString(buffer, start, lineEnd);
        start += lineEnd + 2;
        return line;
    }

    private async Task<bool> FillAsync(CancellationToken token)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var n = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, token).ConfigureAwait(false);
        end += n;
        return n > 0;
    }

    private async Task WriteAsync(ApiResponse response, bool keepAlive)
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

        head.Append("Date: ").Append(time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
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
        await socket.SendAsync(all, SocketFlags.None).ConfigureAwait(false);
    }

    private async Task TryWriteAsync(ApiResponse response)
    {
        try
        {
            await WriteAsync(response, keepAlive: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
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
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };

    private sealed class BadRequestException : Exception;
}
