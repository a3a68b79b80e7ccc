using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>A model session written against the public seam that records what the relay asked of it (what a user's test double looks like).</summary>
internal sealed class RecordingModelSession : VoiceModelSession
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public override ValueTask ConfigureAsync(RealtimeSessionConfiguration configuration, CancellationToken cancellationToken = default) => Record("configure");

    public override async IAsyncEnumerable<RealtimeServerEvent> ReceiveEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public override ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default) => Record($"audio {audio.Length}");

    public override ValueTask CreateResponseAsync(RealtimeResponseOptions? options = null, CancellationToken cancellationToken = default) => Record("response.create");

    public override ValueTask CancelResponseAsync(string? responseId = null, CancellationToken cancellationToken = default) => Record($"response.cancel {responseId}");

    public override ValueTask TruncateItemAsync(string itemId, int contentIndex, int audioEndMs, CancellationToken cancellationToken = default) =>
        Record($"truncate {itemId} {contentIndex} {audioEndMs}");

    public override ValueTask DeleteItemAsync(string itemId, CancellationToken cancellationToken = default) => Record($"delete {itemId}");

    public override ValueTask SendFunctionCallOutputAsync(string callId, string output, CancellationToken cancellationToken = default) => Record($"output {callId} {output}");

    public override ValueTask DisposeAsync() => Record("dispose");

    private ValueTask Record(string call)
    {
        Calls.Enqueue(call);
        return default;
    }
}
