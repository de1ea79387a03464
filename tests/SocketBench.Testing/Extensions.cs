using System.Collections.Concurrent;
using System.Net;
using NUnit.Framework;
using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>
/// What a program offers beyond the seed spec (DESIGN.md section 1): detected once per program,
/// never required. A program "speaks our extensions" when <c>--help</c> exits 0 with a usage text;
/// a spec-only program fails that (it takes <c>--help</c> for a port or an address). Checks that
/// need an extension skip a program without it, with a reason that starts with <see cref="SkipPrefix"/>
/// (the prefix is on tests/skip-allowlist.txt, so such skips do not fail CI).
/// </summary>
public static class Extensions
{
    /// <summary>How every extension skip reason starts.</summary>
    public const string SkipPrefix = "needs our extensions:";

    private static readonly TimeSpan HelpDeadline = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string?>>> Help = new(StringComparer.Ordinal);

    /// <summary>Whether the implementation's server speaks our extensions (options, exit codes, exit 0 after SIGTERM).</summary>
    public static Task<bool> ServerAsync(Implementation impl) => SpeaksAsync(impl.Server, "PORT");

    /// <summary>Whether the implementation's client speaks our extensions (options, exit codes, the <c>-v</c> stats line).</summary>
    public static Task<bool> ClientAsync(Implementation impl) => SpeaksAsync(impl.Client, "PORT");

    /// <summary>Skips the test (NUnit Ignore) unless the server speaks our extensions.</summary>
    public static async Task RequireServerAsync(Implementation impl, string check)
    {
        if (!await ServerAsync(impl).ConfigureAwait(false))
        {
            Assert.Ignore(Reason("server", impl, check));
        }
    }

    /// <summary>Skips the test (NUnit Ignore) unless the client speaks our extensions.</summary>
    public static async Task RequireClientAsync(Implementation impl, string check)
    {
        if (!await ClientAsync(impl).ConfigureAwait(false))
        {
            Assert.Ignore(Reason("client", impl, check));
        }
    }

    /// <summary>Whether <paramref name="program"/>'s <c>--help</c> exits 0 and names <paramref name="option"/> (e.g. <c>--concurrency</c>) as a whole word.</summary>
    public static async Task<bool> HasOptionAsync(string program, string option)
    {
        return ProgramHelp.Names(await HelpAsync(program).ConfigureAwait(false), option);
    }

    /// <summary>Skips the test (NUnit Ignore) unless the server's <c>--help</c> names every one of <paramref name="options"/>.</summary>
    public static Task RequireServerOptionsAsync(Implementation impl, params string[] options) => RequireOptionsAsync("server", impl, options);

    /// <summary>Skips the test (NUnit Ignore) unless the client's <c>--help</c> names every one of <paramref name="options"/>.</summary>
    public static Task RequireClientOptionsAsync(Implementation impl, params string[] options) => RequireOptionsAsync("client", impl, options);

    /// <summary>Skips the test unless <paramref name="server"/> listens on IPv6 (IPv6-only or dual-stack), which the seed spec does not ask for.</summary>
    public static void RequireIPv6(ServerProcess server, string check)
    {
        ArgumentNullException.ThrowIfNull(server);
        var address = server.Listener.Address;
        if (!address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
        {
            Assert.Ignore($"{SkipPrefix} server={server.Name} listens on {address} only (IPv4), not IPv6; {check} is checked for IPv6 or dual-stack listeners");
        }
    }

    /// <summary>The skip reason for a program without our extensions.</summary>
    public static string Reason(string side, Implementation impl, string check)
    {
        ArgumentNullException.ThrowIfNull(impl);
        return $"{SkipPrefix} {side}={impl.Name} is spec-only (`{side} --help` did not exit 0 with a usage text); {check} is checked for programs that have our extensions";
    }

    private static async Task RequireOptionsAsync(string side, Implementation impl, string[] options)
    {
        ArgumentNullException.ThrowIfNull(impl);
        var program = side == "server" ? impl.Server : impl.Client;
        foreach (var option in options)
        {
            if (!await HasOptionAsync(program, option).ConfigureAwait(false))
            {
                Assert.Ignore($"{SkipPrefix} {side}={impl.Name} has no {option} (`{side} --help` does not name it); checked for programs that offer it");
            }
        }
    }

    private static async Task<bool> SpeaksAsync(string program, string usageWord) =>
        (await HelpAsync(program).ConfigureAwait(false))?.Contains(usageWord, StringComparison.Ordinal) == true;

    /// <summary>The program's <c>--help</c> text, or null when it does not exit 0 (or does not exist); asked once per program.</summary>
    private static Task<string?> HelpAsync(string program) =>
        Help.GetOrAdd(program, p => new Lazy<Task<string?>>(() => ProbeAsync(p))).Value;

    // A spec-only server may take "--help" for port 0 and listen for ever: the deadline ends it.
    private static Task<string?> ProbeAsync(string program) => ProgramHelp.ReadAsync(program, HelpDeadline);
}
