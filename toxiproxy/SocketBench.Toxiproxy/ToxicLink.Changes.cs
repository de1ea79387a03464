using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy;

/// <summary>Live toxic changes on a running link (Toxiproxy's AddToxic / UpdateToxic / RemoveToxic).</summary>
internal sealed partial class ToxicLink
{
    /// <summary>Appends a toxic to the chain (creating the chain if the link copies directly).</summary>
    public Task AddToxicAsync(Toxic toxic) => ChangeAsync(() => AddCoreAsync(toxic));

    /// <summary>Restarts the named toxic's stub with new settings (re-rolls its toxicity).</summary>
    public Task UpdateToxicAsync(Toxic toxic) => ChangeAsync(() => UpdateCoreAsync(toxic));

    /// <summary>Splices the named toxic out, forwarding what it buffered.</summary>
    public Task RemoveToxicAsync(string name) => ChangeAsync(() => RemoveCoreAsync(name));

    private async Task ChangeAsync(Func<Task> change)
    {
        try
        {
            await gate.WaitAsync(lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsExpected(e))
        {
            return;
        }

        try
        {
            await change().ConfigureAwait(false);
        }
        catch (Exception e) when (IsExpected(e))
        {
            // the link ended while changing
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task AddCoreAsync(Toxic toxic)
    {
        if (inputEnded || lifetime.IsCancellationRequested)
        {
            return;
        }

        if (chain is null)
        {
            StartChain(new ToxicChain([toxic], this));
            return;
        }

        var last = chain.Stubs[^1];
        if (!await last.InterruptAsync().ConfigureAwait(false))
        {
            return;
        }

        var input = ToxicChain.NewChannel(toxic.BufferSize);
        var stub = new ToxicStub(toxic, input.Reader, last.Output, this);
        last.Output = input.Writer;
        chain.Stubs.Add(stub);
        chain.Recount();
        last.Start();
        stub.Start();
    }

    private async Task UpdateCoreAsync(Toxic toxic)
    {
        var index = chain?.IndexOf(toxic.Name) ?? -1;
        if (index < 0)
        {
            return;
        }

        var stub = chain!.Stubs[index];
        if (await stub.InterruptAsync().ConfigureAwait(false))
        {
            stub.Toxic = toxic;
            stub.Start();
        }
    }

    private async Task RemoveCoreAsync(string name)
    {
        var index = chain?.IndexOf(name) ?? -1;
        if (index < 0)
        {
            return;
        }

        var current = chain!;
        var stub = current.Stubs[index];
        if (!await stub.InterruptAsync().ConfigureAwait(false))
        {
            return;
        }

        stub.Toxic.Cleanup(stub);
        var previous = current.Stubs[index - 1];
        var previousStopped = previous.InterruptAsync();
        var inputClosed = await DrainAsync(stub, previousStopped).ConfigureAwait(false);
        var previousOpen = await previousStopped.ConfigureAwait(false);

        previous.Output = stub.Output;
        current.Stubs.RemoveAt(index);
        current.Recount();
        if (inputClosed)
        {
            stub.Output.TryComplete();
        }
        else if (previousOpen)
        {
            previous.Start();
        }
    }

    /// <summary>
    /// Moves what the removed stub had buffered onto its output while its predecessor stops (the
    /// predecessor may be blocked writing into that buffer). Returns true if the input closed.
    /// </summary>
    private async Task<bool> DrainAsync(ToxicStub stub, Task<bool> previousStopped)
    {
        while (true)
        {
            while (stub.Input.TryRead(out var chunk))
            {
                await stub.Output.WriteAsync(chunk, lifetime.Token).ConfigureAwait(false);
            }

            if (stub.Input.Completion.IsCompleted)
            {
                return true;
            }

            if (previousStopped.IsCompleted)
            {
                if (stub.Input.TryPeek(out _))
                {
                    continue;
                }

                return stub.Input.Completion.IsCompleted;
            }

            var more = stub.Input.WaitToReadAsync(lifetime.Token).AsTask();
            await Task.WhenAny(more, previousStopped).ConfigureAwait(false);
        }
    }
}
