using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>
/// A model provider written against the public seam only, as one for another voice API would be: its events are built
/// with <see cref="RealtimeVoiceAgentModelFactory"/> and pushed by the test. One session per client.
/// </summary>
internal sealed class ScriptedVoiceModel : VoiceModelClient
{
    private readonly Session _session;

    /// <param name="acceptsText">Whether the session takes typed input and system messages (false: the seam's defaults, which refuse them).</param>
    /// <param name="confirmsConfiguration">Whether <c>configure</c> is answered with <c>session.updated</c> at once (false: the test pushes it).</param>
    public ScriptedVoiceModel(bool acceptsText = true, bool confirmsConfiguration = true)
    {
        _session = new Session(acceptsText, confirmsConfiguration);
    }

    /// <summary>What the relay sent the model, in order: <c>configure</c>, <c>response.create</c>, <c>output call_id output</c>, <c>text …</c>, <c>system …</c>.</summary>
    public ChannelReader<string> Sent => _session.Sent.Reader;

    /// <summary>Yields an event to the relay.</summary>
    public void Push(RealtimeServerEvent serverEvent) => _session.Events.Writer.TryWrite(serverEvent);

    public override Task<VoiceModelSession> StartSessionAsync(CancellationToken cancellationToken = default) => Task.FromResult<VoiceModelSession>(_session);

    /// <summary>Yields <c>session.updated</c>, as the model confirms a configuration.</summary>
    public void ConfirmConfiguration() => Push(RealtimeVoiceAgentModelFactory.SessionUpdated("sess_scripted", "scripted", null, null));

    private sealed class Session(bool acceptsText, bool confirmsConfiguration) : VoiceModelSession
    {
        public Channel<RealtimeServerEvent> Events { get; } = Channel.CreateUnbounded<RealtimeServerEvent>();

        public Channel<string> Sent { get; } = Channel.CreateUnbounded<string>();

        public override ValueTask ConfigureAsync(RealtimeSessionConfiguration configuration, CancellationToken cancellationToken = default)
        {
            if (confirmsConfiguration)
            {
                Events.Writer.TryWrite(RealtimeVoiceAgentModelFactory.SessionUpdated("sess_scripted", "scripted", configuration.Instructions, configuration.Voice));
            }

            return Record("configure");
        }

        public override ValueTask AddUserTextAsync(string text, CancellationToken cancellationToken = default) =>
            acceptsText ? Record("text " + text) : base.AddUserTextAsync(text, cancellationToken);

        // Typed input and system messages come and go together: a provider without one has neither.
        public override ValueTask AddSystemMessageAsync(string text, CancellationToken cancellationToken = default) =>
            acceptsText ? Record("system " + text) : base.AddSystemMessageAsync(text, cancellationToken);

        public override async IAsyncEnumerable<RealtimeServerEvent> ReceiveEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (RealtimeServerEvent serverEvent in Events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return serverEvent;
            }
        }

        public override ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default) => default;

        public override ValueTask CreateResponseAsync(RealtimeResponseOptions? options = null, CancellationToken cancellationToken = default) => Record("response.create");

        public override ValueTask CancelResponseAsync(string? responseId = null, CancellationToken cancellationToken = default) => default;

        public override ValueTask TruncateItemAsync(string itemId, int contentIndex, int audioEndMs, CancellationToken cancellationToken = default) => default;

        public override ValueTask DeleteItemAsync(string itemId, CancellationToken cancellationToken = default) => default;

        public override ValueTask SendFunctionCallOutputAsync(string callId, string output, CancellationToken cancellationToken = default) => Record($"output {callId} {output}");

        public override ValueTask DisposeAsync()
        {
            Events.Writer.TryComplete();
            return default;
        }

        private ValueTask Record(string what)
        {
            Sent.Writer.TryWrite(what);
            return default;
        }
    }
}
