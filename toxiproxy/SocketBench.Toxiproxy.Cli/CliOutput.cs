using System.Globalization;
using System.Text;
using System.Text.Json;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Toxiproxy.Cli;

/// <summary>
/// Toxiproxy CLI's output formats. Piped (not a terminal): bare tab-separated lines, no header, no colour,
/// no hints, so scripts can cut fields. On a terminal: colours, headers, tab-aligned columns and hints.
/// </summary>
internal sealed class CliOutput(TextWriter writer, bool isTerminal)
{
    private const string Red = "\e[31m";
    private const string Green = "\e[32m";
    private const string Yellow = "\e[33m";
    private const string Blue = "\e[34m";
    private const string Purple = "\e[35m";
    private const string None = "\e[0m";

    /// <summary><c>list</c>: one line per proxy, sorted by name.</summary>
    public void ProxyList(IReadOnlyDictionary<string, ProxyInfo> proxies)
    {
        if (isTerminal)
        {
            writer.Write($"{Green}Name\t\t\t{Blue}Listen\t\t{Yellow}Upstream\t\t{Purple}Enabled\t\t{Red}Toxics\n{None}");
            writer.Write($"{None}{new string('=', 86)}\n");
            if (proxies.Count == 0)
            {
                writer.Write($"{Red}no proxies\n{None}");
                Hint("create a proxy with `toxiproxy-cli create`");
                return;
            }
        }

        foreach (var name in proxies.Keys.Order(StringComparer.Ordinal))
        {
            var proxy = proxies[name];
            var toxics = proxy.Toxics.Count == 0 && isTerminal ? "None" : proxy.Toxics.Count.ToString(CultureInfo.InvariantCulture);
            Column(EnabledColor(proxy.Enabled), proxy.Name, 3);
            Column(Color(Blue), proxy.Listen, 2);
            Column(Color(Yellow), proxy.Upstream, 3);
            Column(Color(Purple), EnabledText(proxy.Enabled), 2);
            writer.Write($"{Color(Red)}{toxics}{Color(None)}\n");
        }

        Hint("inspect toxics with `toxiproxy-cli inspect <proxyName>`");
    }

    /// <summary><c>inspect</c>: piped, one line per toxic; on a terminal, the proxy then its toxics by stream.</summary>
    public void ProxyDetail(ProxyInfo proxy)
    {
        if (!isTerminal)
        {
            Toxics(proxy.Toxics, "");
            return;
        }

        writer.Write($"{Purple}Name: {None}{proxy.Name}\t{Blue}Listen: {None}{proxy.Listen}\t{Yellow}Upstream: {None}{proxy.Upstream}\n");
        writer.Write($"{None}{new string('=', 70)}\n");
        if (proxy.Toxics.Count == 0)
        {
            writer.Write($"{Red}Proxy has no toxics enabled.\n{None}");
        }
        else
        {
            // Exact match, as Toxiproxy's CLI: a stream sent as "UpStream" is listed under downstream.
            Toxics([.. proxy.Toxics.Where(t => t.Stream == "upstream")], "Upstream");
            writer.Write('\n');
            Toxics([.. proxy.Toxics.Where(t => t.Stream != "upstream")], "Downstream");
        }

        Hint("add a toxic with `toxiproxy-cli toxic add`");
    }

    /// <summary><c>toggle</c>: <c>Proxy NAME is now enabled|disabled</c>.</summary>
    public void Toggled(string name, bool enabled) =>
        writer.Write($"Proxy {EnabledColor(enabled)}{name}{Color(None)} is now {EnabledColor(enabled)}{EnabledText(enabled)}{Color(None)}\n");

    /// <summary>A plain result line (<c>Created new proxy x</c>, ...).</summary>
    public void Line(string text) => writer.Write(text + "\n");

    /// <summary>An attribute value as Go's <c>fmt.Print</c> prints a float64 (<c>100</c>, <c>0.5</c>, <c>1e+06</c>); strings as they are.</summary>
    public static string AttributeText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var d) => GoFloat(d),
        JsonValueKind.String => value.GetString() ?? "",
        _ => value.GetRawText(),
    };

    /// <summary>
    /// Go's <c>%v</c> for a float64: the shortest digits that round-trip, in exponent form (<c>1e+06</c>,
    /// <c>1.5e-05</c>) when the decimal exponent is below -4 or at least 6, else plain (<c>123456</c>, <c>0.5</c>).
    /// </summary>
    public static string GoFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0)
        {
            return sign + "0";
        }

        var (digits, pointAt) = Decompose(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        var exponent = pointAt - 1;
        return sign + (exponent is < -4 or >= 6 ? Scientific(digits, exponent) : Plain(digits, pointAt));
    }

    private static (string Digits, int PointAt) Decompose(string shortest)
    {
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            shortest = shortest[..e];
        }

        var dot = shortest.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? shortest : shortest[..dot];
        var fraction = dot < 0 ? "" : shortest[(dot + 1)..];
        var all = intPart + fraction;
        var pointAt = intPart.Length + exponent;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        return (all[lead..].TrimEnd('0') is { Length: > 0 } d ? d : "0", pointAt - lead);
    }

    private static string Scientific(string digits, int exponent)
    {
        var sb = new StringBuilder();
        sb.Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }

        sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string Plain(string digits, int pointAt) => pointAt switch
    {
        <= 0 => "0." + new string('0', -pointAt) + digits,
        _ when pointAt >= digits.Length => digits + new string('0', pointAt - digits.Length),
        _ => digits[..pointAt] + "." + digits[pointAt..],
    };

    private void Toxics(List<ToxicInfo> toxics, string stream)
    {
        if (isTerminal)
        {
            writer.Write($"{Green}{stream} toxics:\n{None}");
            if (toxics.Count == 0)
            {
                writer.Write($"{Red}Proxy has no {stream} toxics enabled.\n{None}");
                return;
            }
        }

        foreach (var t in toxics)
        {
            writer.Write(isTerminal ? $"{Blue}{t.Name}:{None}\t" : $"{t.Name}\t");
            writer.Write($"type={t.Type}\tstream={t.Stream}\ttoxicity={((double)t.Toxicity).ToString("F2", CultureInfo.InvariantCulture)}\tattributes=[");
            foreach (var (key, value) in t.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.Write($"\t{key}={AttributeText(value)}");
            }

            writer.Write("\t]\n");
        }
    }

    /// <summary>A value then a tab; on a terminal, more tabs so columns line up (8-wide tab stops).</summary>
    private void Column(string color, string text, int tabs)
    {
        var extra = isTerminal ? Math.Max(0, tabs - ((text.Length / 8) + 1)) : 0;
        writer.Write($"{color}{text}{Color(None)}\t{new string('\t', extra)}");
    }

    private void Hint(string text)
    {
        if (isTerminal)
        {
            writer.Write($"\n{None}Hint: {text}\n");
        }
    }

    private string Color(string code) => isTerminal ? code : "";

    private string EnabledColor(bool enabled) => Color(enabled ? Green : Red);

    private static string EnabledText(bool enabled) => enabled ? "enabled" : "disabled";
}
