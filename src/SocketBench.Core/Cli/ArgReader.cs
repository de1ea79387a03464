using System.Globalization;

namespace SocketBench.Cli;

/// <summary>
/// Explicit, AOT-safe argument parsing (STYLE.md point 6). Each parse names the argument, the
/// bad value and the allowed bound in its one-line <see cref="UsageException"/>.
/// Options take their value as the next argument or after <c>=</c> (<c>--retries=3</c>);
/// <c>--</c> ends options.
/// </summary>
public sealed class ArgReader
{
    private readonly string[] _args;
    private int _index;
    private bool _optionsEnded;
    private string? _inlineValue;

    /// <summary>Creates a reader over <paramref name="args"/>.</summary>
    public ArgReader(string[] args) => _args = args;

    /// <summary>Positional arguments met so far, in order.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>
    /// Advances to the next option and returns its name (e.g. <c>--retries</c>), or null at the end.
    /// Positional arguments are collected into <see cref="Positionals"/> on the way.
    /// </summary>
    public string? NextOption()
    {
        while (_index < _args.Length)
        {
            var arg = _args[_index++];
            if (_optionsEnded || arg.Length < 2 || arg[0] != '-' || IsNegativeNumber(arg))
            {
                Positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                _optionsEnded = true;
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            _inlineValue = eq > 0 && arg.StartsWith("--", StringComparison.Ordinal) ? arg[(eq + 1)..] : null;
            return _inlineValue is null ? arg : arg[..eq];
        }

        return null;
    }

    /// <summary>Fails when the current option was given an inline value it does not take.</summary>
    public void NoValue(string option)
    {
        if (_inlineValue is not null)
        {
            throw new UsageException($"option {option} takes no value (got '{_inlineValue}')");
        }
    }

    /// <summary>Accepts the current option as a flag (no inline value) and returns <paramref name="result"/>.</summary>
    public T Flag<T>(string option, T result)
    {
        NoValue(option);
        return result;
    }

    /// <summary>The value of the current option.</summary>
    public string Value(string option)
    {
        if (_inlineValue is not null)
        {
            var v = _inlineValue;
            _inlineValue = null;
            return v;
        }

        if (_index >= _args.Length)
        {
            throw new UsageException($"option {option} needs a value");
        }

        return _args[_index++];
    }

    /// <summary>The current option's value as an integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int32(string option, int min, int max) => ParseInt32(option, Value(option), min, max);

    /// <summary>The current option's value as seconds, a decimal number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public TimeSpan Seconds(string option, double min, double max)
    {
        var text = Value(option);
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds < min || seconds > max)
        {
            throw new UsageException($"invalid {option} '{text}' (expected seconds, {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)})");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Parses a plain decimal integer (digits only: no sign, no fraction, no spaces).</summary>
    public static int ParseInt32(string name, string text, int min, int max)
    {
        if (text.Length is 0 or > 10 || !text.All(char.IsAsciiDigit)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new UsageException($"invalid {name} '{text}' (expected an integer {min}..{max})");
        }

        return (int)value;
    }

    /// <summary>Parses a port: decimal digits only, in [<paramref name="min"/>, 65535].</summary>
    public static int ParsePort(string text, int min) => ParseInt32("port", text, min, 65535);

    /// <summary>Fails on an option nobody recognised.</summary>
    public static UsageException Unknown(string option) => new($"unknown option '{option}' (see --help)");

    private static bool IsNegativeNumber(string arg) => arg.Length > 1 && char.IsAsciiDigit(arg[1]);
}
