using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>What the relay sent the in-memory caller: an event, or audio of an item.</summary>
internal sealed record CallerOutput(CallerEvent? Event, byte[]? Audio, string? ItemId)
{
    /// <summary>The event's type, or <c>audio</c>.</summary>
    public string Type => Event?.Type.ToString() ?? "audio";
}

/// <summary>A caller transport over two channels: the test plays the caller without any socket (written against the public seam only).</summary>
internal sealed class InMemoryCallerTransport : CallerTransport
{
    public InMemoryCallerTransport(CallerAudioFormat? format = null)
        : this(format ?? CallerAudioFormat.Pcm16At24kHz, format ?? CallerAudioFormat.Pcm16At24kHz)
    {
    }

    public InMemoryCallerTransport(CallerAudioFormat inputFormat, CallerAudioFormat outputFormat)
    {
        InputFormat = inputFormat;
        OutputFormat = outputFormat;
    }

    public Channel<CallerInput> FromCaller { get; } = Channel.CreateUnbounded<CallerInput>();

    public Channel<CallerOutput> ToCaller { get; } = Channel.CreateUnbounded<CallerOutput>();

    /// <summary>Whether transcripts and response_done reach the caller (off: like the seed's browser).</summary>
    public bool ReceivesAdditions { get; init; }

    public CallEndReason? ClosedWith { get; private set; }

    public bool Aborted { get; private set; }

    /// <summary>When set, sends wait for it: a caller that stops reading.</summary>
    public TaskCompletionSource? SendGate { get; set; }

    /// <summary>The caller ID this transport reports (null: unknown).</summary>
    public string? PhoneNumber { get; init; }

    public override string Kind => "in-memory";

    public override string? CallerPhoneNumber => PhoneNumber;

    public override CallerAudioFormat InputFormat { get; }

    public override CallerAudioFormat OutputFormat { get; }

    /// <summary>Hangs up.</summary>
    public void HangUp() => FromCaller.Writer.TryComplete();

    /// <summary>Types something, as a phone keypad or a browser text box would.</summary>
    public ValueTask TypeAsync(string text) => FromCaller.Writer.WriteAsync(CallerInput.ForText(text));

    /// <summary>Reads what the relay sent until the connection closes: every piece of audio and every event, in order.</summary>
    public async Task<System.Collections.Generic.List<CallerOutput>> ReadToEndAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var outputs = new System.Collections.Generic.List<CallerOutput>();
        await foreach (var output in ToCaller.Reader.ReadAllAsync(cts.Token))
        {
            outputs.Add(output);
        }

        return outputs;
    }

    /// <summary>The type of the next event (skipping audio), within 30 s.</summary>
    public async Task<string> NextEventTypeAsync() => (await NextEventAsync()).Type.ToString();

    /// <summary>The next event (skipping audio), within 30 s.</summary>
    public async Task<CallerEvent> NextEventAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var output = await ToCaller.Reader.ReadAsync(cts.Token);
            if (output.Event is { } callerEvent)
            {
                return callerEvent;
            }
        }
    }

    public override async ValueTask<CallerInput> ReceiveAsync(CancellationToken cancellationToken) =>
        await FromCaller.Reader.WaitToReadAsync(cancellationToken) && FromCaller.Reader.TryRead(out var input) ? input : CallerInput.Closed;

    public override async ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, string itemId, CancellationToken cancellationToken)
    {
        await WaitForGateAsync(cancellationToken);
        await ToCaller.Writer.WriteAsync(new CallerOutput(null, audio.ToArray(), itemId), cancellationToken);
    }

    public override async ValueTask SendEventAsync(CallerEvent callerEvent, CancellationToken cancellationToken)
    {
        // Like a browser that did not opt in to transcripts and response_done.
        if (!ReceivesAdditions && (callerEvent.Type == CallerEventType.Transcript || callerEvent.Type == CallerEventType.TranscriptDelta || callerEvent.Type == CallerEventType.ResponseDone))
        {
            return;
        }

        await WaitForGateAsync(cancellationToken);
        await ToCaller.Writer.WriteAsync(new CallerOutput(callerEvent, null, null), cancellationToken);
    }

    public override Task CloseAsync(CallEndReason reason, CancellationToken cancellationToken)
    {
        ClosedWith = reason;
        FromCaller.Writer.TryComplete();
        ToCaller.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public override void Abort()
    {
        Aborted = true;
        FromCaller.Writer.TryComplete();
        ToCaller.Writer.TryComplete();
    }

    private async ValueTask WaitForGateAsync(CancellationToken cancellationToken)
    {
        if (SendGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
    }
}
