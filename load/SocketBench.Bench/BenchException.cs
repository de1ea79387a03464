using System.Globalization;
using SocketBench.Processes;

namespace SocketBench.Bench;

/// <summary>A measurement that could not be taken: one line, the bench goes on with the next and reports it.</summary>
public sealed class BenchException : Exception
{
    public BenchException()
    {
    }

    public BenchException(string message)
        : base(message)
    {
    }

    public BenchException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
