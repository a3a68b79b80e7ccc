using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

// The input audio buffer: counts appended audio (in the session's input format: PCM16 24 kHz or G.711 at 8 kHz) for the
// commit minimum, runs the energy VAD over it while turn detection is on (speech_started with barge-in, speech_stopped
// with an automatic commit), and commits or clears it on request. A commit adds the caller's item with the scripted transcript and, after detected speech, starts the turn's
// response. Only the receive loop calls in, one client event at a time, so this state needs no lock.
internal sealed class FakeInputAudioBuffer
{
    private const int MinimumCommitMs = 100;

    private readonly FakeRealtimeServer _server;
    private readonly FakeEventSender _events;
    private readonly FakeSession _session;
    private readonly FakeConversation _conversation;
    private readonly FakeResponsePlayer _player;
    private readonly SpeechDetector _detector = new();
    private double _bufferedMs;
    private string? _speechItemId;

    public FakeInputAudioBuffer(FakeRealtimeServer server, FakeEventSender events, FakeSession session, FakeConversation conversation, FakeResponsePlayer player)
    {
        _server = server;
        _events = events;
        _session = session;
        _conversation = conversation;
        _player = player;
    }

    public FakeProtocolError? CheckCommit() =>
        _bufferedMs < MinimumCommitMs
            ? new("input_audio_buffer_commit_empty", string.Create(CultureInfo.InvariantCulture, $"Error committing input audio buffer: buffer too small. Expected at least {MinimumCommitMs}ms of audio, but buffer only has {_bufferedMs:0.00}ms of audio."))
            : null;

    public async Task AppendAsync(byte[] audio)
    {
        var transitions = new List<(bool Started, int Ms)>();
        string format = _session.InputAudioFormat;
        _bufferedMs += audio.Length / (double)FakeAudio.BytesPerMs(format);
        if (_session.TurnEndSilenceMs(_server.SemanticVadSilence) is { } silenceMs)
        {
            // G.711 is decoded first, so the same threshold applies to a phone caller's speech.
            _detector.Feed(FakeAudio.ToSamples(audio, format), FakeAudio.SampleRate(format), _server.SpeechRmsThreshold, silenceMs, start => transitions.Add((true, start)), end => transitions.Add((false, end)));
        }

        foreach ((bool started, int ms) in transitions)
        {
            if (started)
            {
                string itemId = _events.NextId("item");
                _speechItemId = itemId;
                bool interrupt = _session.InterruptsResponse;
                await _events.SendAsync("input_audio_buffer.speech_started", ("audio_start_ms", ms), ("item_id", itemId)).ConfigureAwait(false);
                if (interrupt)
                {
                    // Barge-in: like the service with interrupt_response, the active response ends as cancelled.
                    _player.Cancel("turn_detected");
                }
            }
            else
            {
                string itemId = _speechItemId ?? _events.NextId("item");
                _speechItemId = null;
                await _events.SendAsync("input_audio_buffer.speech_stopped", ("audio_end_ms", ms), ("item_id", itemId)).ConfigureAwait(false);
                await CommitAsync(itemId, fromVad: true).ConfigureAwait(false);
            }
        }
    }

    public Task CommitAsync() => CommitAsync(_events.NextId("item"), fromVad: false);

    public async Task ClearAsync()
    {
        _bufferedMs = 0;
        _detector.Reset();
        await _events.SendAsync("input_audio_buffer.cleared").ConfigureAwait(false);
    }

    private async Task CommitAsync(string itemId, bool fromVad)
    {
        string? previous = _conversation.Append(itemId);
        _bufferedMs = 0;
        bool transcription = _session.TranscribesInput;
        bool createResponse = _session.CreatesResponseOnTurnEnd;

        // Without a scripted turn the transcript is empty and any response comes from the response queue.
        FakeTurnPlan? turn = _server.Script.NextTurn();
        string transcript = turn?.Transcript ?? string.Empty;
        await _events.SendAsync("input_audio_buffer.committed", ("previous_item_id", previous), ("item_id", itemId)).ConfigureAwait(false);
        JsonObject UserItem() => new()
        {
            ["id"] = itemId,
            ["object"] = "realtime.item",
            ["type"] = "message",
            ["status"] = "completed",
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "input_audio", ["transcript"] = null }),
        };
        await _events.SendAsync("conversation.item.added", ("previous_item_id", previous), ("item", UserItem())).ConfigureAwait(false);
        await _events.SendAsync("conversation.item.done", ("previous_item_id", previous), ("item", UserItem())).ConfigureAwait(false);
        if (transcription)
        {
            await _events.SendAsync("conversation.item.input_audio_transcription.delta", ("item_id", itemId), ("content_index", 0), ("delta", transcript)).ConfigureAwait(false);
            await _events.SendAsync(
                "conversation.item.input_audio_transcription.completed",
                ("item_id", itemId),
                ("content_index", 0),
                ("transcript", transcript),
                ("usage", new JsonObject { ["type"] = "duration", ["seconds"] = 1 })).ConfigureAwait(false);
        }

        if (fromVad)
        {
            await _player.WhenCancelledResponseEndedAsync().ConfigureAwait(false);
        }

        if (fromVad && createResponse && !_player.IsActive)
        {
            _player.Start(turn?.Responses[0] ?? _server.Script.NextResponse());
            if (turn is not null)
            {
                _server.Script.PushFront(turn.Responses.GetRange(1, turn.Responses.Count - 1));
            }

            return;
        }

        if (turn is not null)
        {
            _server.Script.PushFront(turn.Responses);
        }
    }
}
