using System;
using System.Buffers;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>A caller transport over two channels: the test plays the caller without any socket.</summary>
internal sealed class InMemoryCallerTransport : ICallerTransport
{
    public Channel<(CallerMessageKind Kind, byte[] Data)> FromCaller { get; } = Channel.CreateUnbounded<(CallerMessageKind, byte[])>();

    public Channel<(CallerMessageKind Kind, byte[] Data)> ToCaller { get; } = Channel.CreateUnbounded<(CallerMessageKind, byte[])>();

    public CallEndReason? ClosedWith { get; private set; }

    public bool Aborted { get; private set; }

    /// <summary>When set, sends wait for it: a caller that stops reading.</summary>
    public TaskCompletionSource? SendGate { get; set; }

    public async ValueTask<CallerMessageKind> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken)
    {
        if (!await FromCaller.Reader.WaitToReadAsync(cancellationToken) || !FromCaller.Reader.TryRead(out var message))
        {
            return CallerMessageKind.Closed;
        }

        if (message.Data.Length > maxMessageBytes)
        {
            return CallerMessageKind.TooLarge;
        }

        destination.Write(message.Data);
        return message.Kind;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CallerMessageKind kind, CancellationToken cancellationToken)
    {
        if (SendGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        await ToCaller.Writer.WriteAsync((kind, message.ToArray()), cancellationToken);
    }

    public Task CloseAsync(CallEndReason reason, CancellationToken cancellationToken)
    {
        ClosedWith = reason;
        FromCaller.Writer.TryComplete();
        ToCaller.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public void Abort()
    {
        Aborted = true;
        FromCaller.Writer.TryComplete();
        ToCaller.Writer.TryComplete();
    }
}
