using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// One keep-alive HTTP/1.1 connection to the API: parse a request, route it, write the response, repeat.
/// <code>
///   socket ──head (≤64 KiB)──▶ Content-Length or chunked body (≤16 MiB) ──▶ router ──▶ response ──▶ socket
///          └ idle deadline ┘└──────── read deadline (whole request) ────────┘          └ write deadline ┘
/// </code>
/// Small and strict: enough for Toxiproxy clients, curl and browsers' fetch, not a general server. Every
/// limit answers with its own status (400, 413, 431) and closes; a deadline closes without an answer.
/// </summary>
internal sealed partial class HttpConnection(Socket socket, ApiRouter router, ToxiproxyOptions options)
{
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;

    private TimeProvider Time => options.TimeProvider;

    /// <summary>Serves requests until the peer closes, asks to close, misses a deadline or misbehaves.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var deadline = new CancellationTokenSource(options.ApiIdleTimeout, Time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
                var (request, keepAlive) = await ReadRequestAsync(deadline, either.Token).ConfigureAwait(false);
                if (request is null)
                {
                    return;
                }

                // Off the socket thread: handlers may bind listeners synchronously.
                var response = await Task.Run(() => router.RouteAsync(request), CancellationToken.None).ConfigureAwait(false);
                await WriteAsync(response, keepAlive, stop).ConfigureAwait(false);
                if (!keepAlive)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // peer went away, or a deadline passed
        }
        catch (HttpLimitException e)
        {
            await TryWriteAsync(e.Response(), stop).ConfigureAwait(false);
            await DrainAsync(stop).ConfigureAwait(false);
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>After a refusal: FIN, then drop what the peer still sends (bounded), so it reads the answer instead of a reset.</summary>
    private Task DrainAsync(CancellationToken stop) =>
        Net.LingeringClose.DrainAsync(socket, ToxiproxyConstants.MaxRequestHeadBytes * 4, ToxiproxyConstants.ApiDrainTimeout, Time, stop);

    /// <summary>Answers a connection over the cap with 503 and closes it.</summary>
    public static async Task RefuseAsync(Socket socket, ToxiproxyOptions options)
    {
        var connection = new HttpConnection(socket, null!, options);
        try
        {
            await connection.TryWriteAsync(HttpLimitException.TooManyConnections().Response(), CancellationToken.None).ConfigureAwait(false);
            await connection.DrainAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task<(HttpRequest? Request, bool KeepAlive)> ReadRequestAsync(CancellationTokenSource deadline, CancellationToken token)
    {
        if (end == start && !await FillAsync(token).ConfigureAwait(false))
        {
            return (null, false);
        }

        // The first byte is here: from now on the whole request must arrive within the read timeout.
        deadline.CancelAfter(options.ApiReadTimeout);
        int headEnd;
        while ((headEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (end - start >= ToxiproxyConstants.MaxRequestHeadBytes)
            {
                throw HttpLimitException.HeadTooLarge();
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
            throw HttpLimitException.BadRequest();
        }

        var headers = ParseHeaders(lines);
        var keepAlive = requestLine[2] == "HTTP/1.1"
            ? !HeaderHas(headers, "connection", "close")
            : HeaderHas(headers, "connection", "keep-alive");
        var chunked = HeaderHas(headers, "transfer-encoding", "chunked");
        var length = chunked ? 0 : ContentLength(headers);
        if (HeaderHas(headers, "expect", "100-continue"))
        {
            await socket.SendAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), SocketFlags.None, token).ConfigureAwait(false);
        }

        var body = chunked
            ? await ReadChunkedAsync(token).ConfigureAwait(false)
            : await ReadBodyAsync(length, token).ConfigureAwait(false);
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
                throw HttpLimitException.BadRequest();
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

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw HttpLimitException.BadRequest();
        }

        return length <= ToxiproxyConstants.MaxRequestBodyBytes ? (int)length : throw HttpLimitException.BodyTooLarge();
    }

    private async Task<byte[]> ReadBodyAsync(int length, CancellationToken token)
    {
        while (end - start < length)
        {
            if (!await FillAsync(token).ConfigureAwait(false))
            {
                throw HttpLimitException.BadRequest();
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
            if (sizeText.Length is 0 or > 16
                || !long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size)
                || size < 0)
            {
                throw HttpLimitException.BadRequest();
            }

            if (!FitsInBody(body.WrittenCount, size))
            {
                throw HttpLimitException.BodyTooLarge();
            }

            if (size == 0)
            {
                while ((await ReadLineAsync(token).ConfigureAwait(false)).Length > 0)
                {
                    // trailers are ignored
                }

                return body.WrittenSpan.ToArray();
            }

            body.Write(await ReadBodyAsync((int)size, token).ConfigureAwait(false));
            if ((await ReadLineAsync(token).ConfigureAwait(false)).Length != 0)
            {
                throw HttpLimitException.BadRequest();
            }
        }
    }

    /// <summary>
    /// Whether a chunk of <paramref name="size"/> bytes still fits after <paramref name="written"/> bytes: in
    /// checked 64-bit arithmetic, so a huge chunk size can never wrap around the limit.
    /// </summary>
    internal static bool FitsInBody(long written, long size)
    {
        try
        {
            return checked(written + size) <= ToxiproxyConstants.MaxRequestBodyBytes;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken token)
    {
        int lineEnd;
        while ((lineEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8)) < 0)
        {
            if (end - start >= ToxiproxyConstants.MaxRequestHeadBytes || !await FillAsync(token).ConfigureAwait(false))
            {
                throw HttpLimitException.BadRequest();
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
}
