
namespace SocketBench.Load.Reporting;

/// <summary>How progress is shown.</summary>
public enum ConsoleMode
{
    /// <summary>A live table in an interactive terminal, plain lines otherwise.</summary>
    Auto,
    Live,
    Plain,
    Off,
}
