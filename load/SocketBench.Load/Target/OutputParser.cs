using System.Buffers;
using System.IO.Hashing;
using SocketBench.Load.Clients;

namespace SocketBench.Load.Target;

/// <summary>
/// Reads the server's stdout and splits it into <see cref="MessageFrame"/>s, fingerprinting each
/// body as it streams past (constant memory for any message size). A '&lt;' inside a body means
/// the previous frame was cut short; bytes outside frames are counted as stray.
/// </summary>
internal sealed class OutputParser(MessageLedger ledger)
{
    private const int ReadSize = 1 << 20;
    private readonly XxHash3 _hash = new();
    private State _state = State.Outside;
    private long _id;
    private long _length;
    private long _remaining;
    private int _digits;

    private enum State
    {
        Outside,
        Id,
        Length,
        Body,
        End,
        Newline,
    }

    public long BytesRead { get; private set; }

    /// <summary>Reads until end of stream; a bounded loop since the stream ends when the server exits.</summary>
    public async Task RunAsync(Stream output, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            int n;
            while ((n = await output.ReadAsync(buffer.AsMemory(0, ReadSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                Feed(buffer.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (_state is not State.Outside)
        {
            Cut();
        }
    }

    /// <summary>Parses one chunk of output.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        var i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case State.Outside:
                    var start = data[i..].IndexOf(MessageFrame.Start);
                    if (start < 0)
                    {
                        ledger.Stray(data.Length - i);
                        return;
                    }

                    ledger.Stray(start);
                    i += start + 1;
                    Begin();
                    break;
                case State.Id or State.Length:
                    i += Number(data[i]) ? 1 : 0;
                    break;
                case State.Body:
                    var take = (int)Math.Min(_remaining, data.Length - i);
                    var body = data.Slice(i, take);
                    var restart = body.IndexOf(MessageFrame.Start);
                    if (restart >= 0)
                    {
                        Cut();
                        i += restart + 1;
                        Begin();
                        break;
                    }

                    _hash.Append(body);
                    _remaining -= take;
                    i += take;
                    if (_remaining == 0)
                    {
                        _state = State.End;
                    }

                    break;
                case State.End:
                    i += Expect(data[i], MessageFrame.End, State.Newline) ? 1 : 0;
                    break;
                case State.Newline:
                    if (Expect(data[i], (byte)'\n', State.Outside))
                    {
                        i++;
                        ledger.Delivered(_id, MessageFrame.Fingerprint(_hash), _length);
                    }

                    break;
            }
        }
    }

    private void Begin()
    {
        _state = State.Id;
        _id = 0;
        _length = 0;
        _digits = 0;
    }

    /// <summary>Consumes one header byte; returns false when the byte must be parsed again in the new state.</summary>
    private bool Number(byte b)
    {
        if (b is >= (byte)'0' and <= (byte)'9' && _digits < 19)
        {
            if (_state == State.Id)
            {
                _id = (_id * 10) + (b - '0');
            }
            else
            {
                _length = (_length * 10) + (b - '0');
            }

            _digits++;
            return true;
        }

        if (b == MessageFrame.Separator && _digits > 0)
        {
            _digits = 0;
            if (_state == State.Id)
            {
                _state = State.Length;
            }
            else
            {
                _remaining = _length;
                _state = _length == 0 ? State.End : State.Body;
            }

            return true;
        }

        ledger.Malformation();
        _state = State.Outside;
        return b != MessageFrame.Start || Restart();
    }

    private bool Restart()
    {
        Begin();
        return true;
    }

    private bool Expect(byte b, byte expected, State next)
    {
        if (b == expected)
        {
            _state = next;
            return true;
        }

        if (b == MessageFrame.Start)
        {
            Cut();
            Begin();
            return true;
        }

        ledger.Malformation();
        _hash.Reset();
        _state = State.Outside;
        return false;
    }

    private void Cut()
    {
        if (_state is State.Body or State.End or State.Newline)
        {
            ledger.Truncated(_id);
        }
        else
        {
            ledger.Malformation();
        }

        _hash.Reset();
        _state = State.Outside;
    }
}
