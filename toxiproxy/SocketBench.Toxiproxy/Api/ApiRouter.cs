namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// The route table (gorilla/mux's, reproduced): path shape → allowed methods → handler, plus the
/// middleware that runs on matched routes only (User-Agent check, request id).
/// <code>
///   /proxies                      GET POST
///   /populate                     POST
///   /proxies/{proxy}              GET PATCH POST(deprecated, logged) DELETE
///   /proxies/{proxy}/toxics       GET POST
///   /proxies/{proxy}/toxics/{t}   GET PATCH POST(deprecated, logged) DELETE
///   /reset                        POST
///   /version                      GET
///   /metrics                      any (only with -proxy-metrics or -runtime-metrics)
/// </code>
/// </summary>
internal sealed class ApiRouter(ApiHandlers handlers, bool metricsEnabled)
{
    /// <summary>Routes one request; never throws.</summary>
    public async Task<ApiResponse> RouteAsync(HttpRequest request)
    {
        var segments = request.Path.Split('/');
        if (segments.Length < 2 || segments[0].Length != 0 || segments.Skip(1).Any(s => s.Length == 0))
        {
            return ApiResponse.NotFound();
        }

        var route = Match(segments, request.Method);
        if (route is null)
        {
            return ApiResponse.NotFound();
        }

        if (route.Handler is null)
        {
            return ApiResponse.MethodNotAllowed();
        }

        if (request.UserAgent.StartsWith("Mozilla/", StringComparison.Ordinal))
        {
            return new ApiResponse(403, ApiResponse.TextPlain, "User agent not allowed\n"u8.ToArray()) { NoSniff = true };
        }

        try
        {
            return await route.Handler(request).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return ApiErrors.ToResponse(e);
        }
    }

    private Route? Match(string[] s, string method)
    {
        var p = s.Length > 2 ? Uri.UnescapeDataString(s[2]) : string.Empty;
        var t = s.Length > 4 ? Uri.UnescapeDataString(s[4]) : string.Empty;
        return (s.Length, s[1]) switch
        {
            (2, "proxies") => method switch
            {
                "GET" => new(_ => handlers.ListProxiesAsync()),
                "POST" => new(r => handlers.CreateProxyAsync(r.Body)),
                _ => Route.WrongMethod,
            },
            (2, "populate") => method == "POST" ? new(r => handlers.PopulateAsync(r.Body)) : Route.WrongMethod,
            (2, "reset") => method == "POST" ? new(_ => handlers.ResetAsync()) : Route.WrongMethod,
            (2, "version") => method == "GET" ? new(_ => Task.FromResult(ApiHandlers.Version())) : Route.WrongMethod,
            (2, "metrics") when metricsEnabled => new(_ => handlers.MetricsAsync()),
            (3, "proxies") => method switch
            {
                "GET" => new(_ => handlers.GetProxyAsync(p)),
                "POST" or "PATCH" => new(r => handlers.UpdateProxyAsync(p, r.Body, viaPost: r.Method == "POST")),
                "DELETE" => new(_ => handlers.DeleteProxyAsync(p)),
                _ => Route.WrongMethod,
            },
            (4, "proxies") when s[3] == "toxics" => method switch
            {
                "GET" => new(_ => handlers.ListToxicsAsync(p)),
                "POST" => new(r => handlers.CreateToxicAsync(p, r.Body)),
                _ => Route.WrongMethod,
            },
            (5, "proxies") when s[3] == "toxics" => method switch
            {
                "GET" => new(_ => handlers.GetToxicAsync(p, t)),
                "POST" or "PATCH" => new(r => handlers.UpdateToxicAsync(p, t, r.Body, viaPost: r.Method == "POST")),
                "DELETE" => new(_ => handlers.DeleteToxicAsync(p, t)),
                _ => Route.WrongMethod,
            },
            _ => null,
        };
    }

    private sealed record Route(Func<HttpRequest, Task<ApiResponse>>? Handler)
    {
        public static Route WrongMethod { get; } = new((Func<HttpRequest, Task<ApiResponse>>?)null);
    }
}
