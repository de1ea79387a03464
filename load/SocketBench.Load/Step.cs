using System.Runtime.CompilerServices;
using SocketBench.Load.Scheduling;

namespace SocketBench.Load;

/// <summary>
/// A separately timed part of an iteration, as NBomber's <c>Step.Run</c>. Each step name gets its
/// own ok/fail counts and latency. Exceptions propagate to the iteration (which then fails),
/// after the step is recorded as failed.
/// </summary>
public static class Step
{
    /// <summary>Runs and times a step.</summary>
    public static ValueTask<Response> Run(string name, ScenarioContext context, Func<ValueTask<Response>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Run(name, context, body, static (b, _) => b());
    }

    /// <summary>Runs and times a step; with a static lambda this allocates nothing.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Response> Run<TState>(string name, ScenarioContext context, TState state, Func<TState, ScenarioContext, ValueTask<Response>> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var time = context.TimeProvider;
        var bucket = context.Run.Step(name);
        var start = time.GetTimestamp();
        try
        {
            var response = await body(state, context).ConfigureAwait(false);
            var us = Copy.Microseconds(time, start, time.GetTimestamp());
            bucket.Record(response, us, us);
            return response;
        }
        catch (OperationCanceledException)
        {
            var us = Copy.Microseconds(time, start, time.GetTimestamp());
            bucket.Record(Response.Fail(StatusCodes.Timeout), us, us);
            throw;
        }
        catch (Exception)
        {
            var us = Copy.Microseconds(time, start, time.GetTimestamp());
            bucket.Record(Response.Fail(StatusCodes.Exception), us, us);
            throw;
        }
    }
}
