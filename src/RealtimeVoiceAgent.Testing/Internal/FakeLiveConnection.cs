using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RealtimeVoiceAgent.Testing.Internal;

// One fake GPT-Live session over one accepted WebSocket (live-protocol.md 10): waits for session.start, validates and
// records every client event, keeps the session timeline (it advances with the appended input audio), and plays the
// script: scripted speech on the output track (transcript fragments and a tone, then TrailingSilence of digital silence),
// Responses delegation with function calls, and continuations on response.create. Between utterances the output track
// carries one silent delta per 100 ms of input, as the real service's continuous track does.
internal sealed class FakeLiveConnection
{
    private const int DeltaMs = 100;

    private readonly FakeLiveServer _server;
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly CancellationToken _aborted;
    private readonly FakeEventSender _events;
    private readonly SpeechDetector _speech = new();
    private readonly HashSet<string> _pendingCalls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _clientDelegations = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private Task _playing = Task.CompletedTask;
    private bool _started;
    private bool _closing;
    private bool _muted;
    private bool _responsesDelegation;
    private string _format = FakeAudio.Pcm;
    private JsonObject _session = new();
    private double _timelineMs;
    private double _silenceDueMs;
    private double _nextUsageMs;
    private int _toneOffsetMs;
    private volatile bool _speaking;

    public FakeLiveConnection(FakeLiveServer server, WebSocket socket, HttpContext context, int number, CancellationToken aborted)
    {
        _server = server;
        _socket = socket;
        _context = context;
        Number = number;
        _aborted = aborted;
        _events = new FakeEventSender(socket, aborted);
        _nextUsageMs = server.UsageInterval.TotalMilliseconds;
    }

    public int Number { get; }

    public async Task RunAsync()
    {
        try
        {
            // A socket that sends nothing receives nothing: the session starts with the client's session.start.
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            // The client went away or the test dropped the connection: the session simply ends.
        }

        try
        {
            await _playing.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            // The script was playing when the connection ended.
        }
    }

    public void Abort() => _context.Abort();

    public Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken = default) =>
        _events.CloseOutputAsync(status, reason, cancellationToken);

    public Task SendRawAsync(string json, CancellationToken cancellationToken = default) => _events.SendRawAsync(json, cancellationToken);

    public Task SendErrorAsync(FakeProtocolError error, string? clientEventId, CancellationToken cancellationToken = default)
    {
        // Live correlates errors with error.client_event_id (and top-level client_event_id when known).
        var details = new JsonObject
        {
            ["type"] = error.Type,
            ["code"] = error.Code,
            ["message"] = error.Message,
            ["param"] = error.Param,
            ["client_event_id"] = clientEventId,
        };
        return _events.SendAsync("error", ("client_event_id", clientEventId), ("error", details)).WaitAsync(cancellationToken);
    }

    private Task ReceiveLoopAsync() => FakeMessageReceiver.RunAsync(_socket, _events, readAfterCloseSent: true, HandleMessageAsync, _aborted);

    private async Task HandleMessageAsync(string json)
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await RejectAsync(string.Empty, json, new FakeProtocolError("invalid_json", "We could not parse the JSON body of your request."), null).ConfigureAwait(false);
            return;
        }

        string? clientEventId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("event_id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            await RejectAsync(string.Empty, json, new FakeProtocolError("missing_required_parameter", "Missing required parameter: 'type'.", "type"), clientEventId).ConfigureAwait(false);
            return;
        }

        string type = typeElement.GetString()!;
        if (!LiveClientEventValidator.Types.Contains(type))
        {
            // The real message lists the supported client event types (its code is unverified).
            await RejectAsync(type, json, new FakeProtocolError("invalid_event", $"Invalid client event type '{type}'. Supported types: {string.Join(", ", LiveClientEventValidator.Types)}.", "type"), clientEventId).ConfigureAwait(false);
            return;
        }

        FakeProtocolError? error = LiveClientEventValidator.Validate(type, root) ?? CheckState(type, root);
        if (error is not null)
        {
            await RejectAsync(type, json, error, clientEventId).ConfigureAwait(false);
            return;
        }

        _server.Record(new FakeClientEvent(Number, type, json, null));
        switch (type)
        {
            case "session.start":
                await StartAsync(root.GetProperty("session"), clientEventId).ConfigureAwait(false);
                break;
            case "session.update":
                await UpdateAsync(root.GetProperty("session"), clientEventId).ConfigureAwait(false);
                break;
            case "session.input_audio.append":
                await AppendAsync(Convert.FromBase64String(root.GetProperty("audio").GetString()!)).ConfigureAwait(false);
                break;
            case "session.input_audio.mute":
                _muted = true;
                _speech.Reset();
                await _events.SendAsync("session.input_audio.muted", ("client_event_id", clientEventId)).ConfigureAwait(false);
                break;
            case "session.input_audio.unmute":
                _muted = false;
                await _events.SendAsync("session.input_audio.unmuted", ("client_event_id", clientEventId)).ConfigureAwait(false);
                break;
            case "session.instructions.append":
            case "session.thinking.append":
            case "session.commentary.append":
                await OnAppendAsync(type, root, clientEventId).ConfigureAwait(false);
                break;
            case "response.item.create":
                OnItem(root.GetProperty("item"));
                break;
            case "response.create":
                FakeResponsePlan plan = _server.Script.NextResponse();
                Play(() => PlayBackendAsync(plan));
                break;
            case "session.close":
                await CloseSessionAsync(clientEventId).ConfigureAwait(false);
                break;
        }
    }

    // Checks that depend on the session's state (started, closing, delegation mode, audio, known ids).
    private FakeProtocolError? CheckState(string type, JsonElement root)
    {
        if (_closing)
        {
            return new FakeProtocolError("session_closing", "The session is closing and takes no more commands.");
        }

        if (!_started)
        {
            return type == "session.start" ? null : new FakeProtocolError("invalid_request_error", "The first message must be session.start; wait for session.started before sending anything else.");
        }

        switch (type)
        {
            case "session.start":
                return new FakeProtocolError("invalid_request_error", "session.start may be sent once, as the first message.");
            case "session.update" when root.GetProperty("session").TryGetProperty("delegation", out JsonElement delegation):
                bool responses = delegation.ValueKind == JsonValueKind.Object && delegation.TryGetProperty("type", out JsonElement t) && t.GetString() == "responses";
                return responses != _responsesDelegation || delegation.ValueKind == JsonValueKind.Null
                    ? new FakeProtocolError("immutable_field_update", "The delegation type cannot change for the life of the session.", "session.delegation.type")
                    : null;
            case "session.input_audio.append":
                return CheckAudio(root.GetProperty("audio").GetString()!);
            case "session.instructions.append" or "session.thinking.append" or "session.commentary.append":
                JsonElement delegationId = root.GetProperty("delegation_id");
                if (delegationId.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                return _responsesDelegation
                    ? new FakeProtocolError("invalid_value", "delegation_id must be null under Responses delegation.", "delegation_id")
                    : _clientDelegations.Contains(delegationId.GetString()!) ? null : new FakeProtocolError("invalid_value", $"Unknown delegation '{delegationId.GetString()}'.", "delegation_id");
            case "response.item.create" or "response.create" when !_responsesDelegation:
                return new FakeProtocolError("invalid_request_error", $"{type} requires Responses delegation.");
            case "response.item.create":
                JsonElement item = root.GetProperty("item");
                if (item.GetProperty("type").GetString() == "function_call_output")
                {
                    lock (_gate)
                    {
                        string callId = item.GetProperty("call_id").GetString()!;
                        return _pendingCalls.Contains(callId) ? null : new FakeProtocolError("invalid_value", $"No function call '{callId}' is waiting for an output.", "item.call_id");
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private FakeProtocolError? CheckAudio(string base64)
    {
        byte[] audio;
        try
        {
            audio = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return new FakeProtocolError("invalid_audio", "audio must be base64-encoded raw audio.", "audio");
        }

        if (audio.Length == 0)
        {
            return new FakeProtocolError("invalid_audio", "audio must not be empty.", "audio");
        }

        return _format == FakeAudio.Pcm && audio.Length % 2 != 0
            ? new FakeProtocolError("invalid_audio", "PCM16 audio must contain an even number of bytes", "audio")
            : null;
    }

    private async Task StartAsync(JsonElement config, string? clientEventId)
    {
        _started = true;
        JsonElement format = config.TryGetProperty("audio", out JsonElement audio) && audio.TryGetProperty("format", out JsonElement f) ? f : default;
        _format = format.ValueKind == JsonValueKind.Object ? format.GetProperty("type").GetString()! : FakeAudio.Pcm;
        int rate = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("rate", out JsonElement r) ? r.GetInt32() : FakeAudio.SampleRate(_format);
        JsonNode? voice = audio.ValueKind == JsonValueKind.Object && audio.TryGetProperty("output", out JsonElement output) && output.TryGetProperty("voice", out JsonElement v)
            ? JsonNode.Parse(v.GetRawText())
            : JsonValue.Create("marin");
        JsonElement delegation = config.TryGetProperty("delegation", out JsonElement d) && d.ValueKind == JsonValueKind.Object ? d : default;
        _responsesDelegation = delegation.ValueKind == JsonValueKind.Object && delegation.GetProperty("type").GetString() == "responses";
        _session = new JsonObject
        {
            ["id"] = _events.NextId("live"),
            ["expires_at"] = DateTimeOffset.UtcNow.AddMinutes(15).ToUnixTimeSeconds(),
            ["model"] = config.GetProperty("model").GetString(),
            ["status"] = "active",
            ["instructions"] = config.TryGetProperty("instructions", out JsonElement instructions) && instructions.ValueKind == JsonValueKind.String ? instructions.GetString() : string.Empty,
            ["audio"] = new JsonObject { ["output"] = new JsonObject { ["voice"] = voice }, ["format"] = new JsonObject { ["type"] = _format, ["rate"] = rate } },
            ["delegation"] = delegation.ValueKind == JsonValueKind.Object ? JsonNode.Parse(delegation.GetRawText()) : new JsonObject { ["type"] = "client" },
            ["input"] = new JsonArray(),
        };
        await _events.SendAsync("session.started", ("client_event_id", clientEventId), ("session", _session.DeepClone())).ConfigureAwait(false);
    }

    private async Task UpdateAsync(JsonElement update, string? clientEventId)
    {
        if (update.TryGetProperty("delegation", out JsonElement delegation) && delegation.TryGetProperty("responses", out JsonElement responses)
            && _session["delegation"] is JsonObject current)
        {
            // Sparse: the settings sent replace theirs, the others keep their values.
            JsonObject backend = current["responses"] as JsonObject ?? new JsonObject();
            foreach (JsonProperty property in responses.EnumerateObject())
            {
                backend[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }

            current["responses"] = backend;
        }

        await _events.SendAsync("session.updated", ("client_event_id", clientEventId), ("session", _session.DeepClone())).ConfigureAwait(false);
    }

    private async Task AppendAsync(byte[] audio)
    {
        double milliseconds = audio.Length / (double)FakeAudio.BytesPerMs(_format);
        _timelineMs += milliseconds;
        if (!_muted)
        {
            var stops = new List<int>();
            _speech.Feed(FakeAudio.ToSamples(audio, _format), FakeAudio.SampleRate(_format), _server.SpeechRmsThreshold, (int)_server.TurnSilence.TotalMilliseconds, _ => { }, stops.Add);
            foreach (int endMs in stops)
            {
                OnCallerTurnEnded(endMs);
            }
        }

        // The continuous output track: silence while the model is not speaking, one delta per 100 ms of timeline.
        _silenceDueMs += milliseconds;
        while (_silenceDueMs >= DeltaMs)
        {
            _silenceDueMs -= DeltaMs;
            if (!_speaking)
            {
                await SendAudioDeltaAsync(new byte[DeltaMs * FakeAudio.BytesPerMs(_format)]).ConfigureAwait(false);
            }
        }

        if (_server.UsageInterval > TimeSpan.Zero && _timelineMs >= _nextUsageMs)
        {
            _nextUsageMs += _server.UsageInterval.TotalMilliseconds;
            await _events.SendAsync("session.usage.updated", ("usage", new JsonObject { ["seconds"] = Math.Round(_timelineMs / 1000, 1) }), ("context_window", new JsonObject { ["usage_ratio"] = 0.01 })).ConfigureAwait(false);
        }
    }

    // The caller stopped speaking: the next scripted turn answers (its transcript first, on the 200 ms grid).
    private void OnCallerTurnEnded(int endMs)
    {
        FakeTurnPlan? turn = _server.Script.NextTurn();
        if (turn is null)
        {
            return;
        }

        _server.Script.PushFront(turn.Responses.Skip(1).ToList());
        Play(async () =>
        {
            string[] words = turn.Transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int start = Math.Max(0, endMs - (200 * words.Length) - (int)_server.TurnSilence.TotalMilliseconds);
            for (int i = 0; i < words.Length; i++)
            {
                await _events.SendAsync("session.input_transcript.delta", ("delta", (i == 0 ? string.Empty : " ") + words[i]), ("start_ms", start + (200 * i)), ("end_ms", start + (200 * (i + 1)))).ConfigureAwait(false);
            }

            await PlayVoiceAsync(turn.Responses[0]).ConfigureAwait(false);
        });
    }

    private async Task OnAppendAsync(string type, JsonElement root, string? clientEventId)
    {
        int position = (int)_timelineMs;
        await _events.SendAsync(type.Replace(".append", ".appended", StringComparison.Ordinal), ("client_event_id", clientEventId), ("start_ms", position), ("end_ms", position)).ConfigureAwait(false);
        string content = root.GetProperty("content").GetString()!;
        if (type == "session.instructions.append" && root.GetProperty("delegation_id").ValueKind == JsonValueKind.Null)
        {
            // Instructions are what makes the fake model speak on its own (the greeting): the next scripted response.
            FakeResponsePlan plan = _server.Script.NextResponse();
            Play(() => PlayVoiceAsync(plan));
        }
        else if (type == "session.commentary.append")
        {
            // Commentary is something to say: the fake says it word for word.
            Play(() => SpeakAsync(content, 300));
        }
    }

    private void OnItem(JsonElement item)
    {
        switch (item.GetProperty("type").GetString())
        {
            case "function_call_output":
                lock (_gate)
                {
                    _pendingCalls.Remove(item.GetProperty("call_id").GetString()!);
                }

                break;
            case "message" when item.GetProperty("role").GetString() == "user":
                _server.Script.OnUserText();
                break;
            case "message":
                _server.Script.OnSystemMessage();
                break;
        }
    }

    private async Task CloseSessionAsync(string? clientEventId)
    {
        _closing = true;
        try
        {
            await _playing.WaitAsync(TimeSpan.FromSeconds(5), _aborted).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A held response does not stop the close.
        }

        await _events.SendAsync(
            "session.closed",
            ("client_event_id", clientEventId),
            ("reason", "close_requested"),
            ("session", _session.DeepClone()),
            ("usage", new JsonObject { ["seconds"] = Math.Round(_timelineMs / 1000, 1) })).ConfigureAwait(false);
        await _events.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session closed").ConfigureAwait(false);
    }

    // Scripted output plays one part after another, beside the receive loop (a held response must not stop input).
    private void Play(Func<Task> part)
    {
        lock (_gate)
        {
            Task previous = _playing;
            _playing = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                await part().ConfigureAwait(false);
            });
        }
    }

    // What the voice model does by itself: speaks the Say steps; Call steps are delegated to the Responses backend.
    private async Task PlayVoiceAsync(FakeResponsePlan plan)
    {
        var calls = new List<FakeResponseStep.Call>();
        foreach (FakeResponseStep step in plan.Steps)
        {
            switch (step)
            {
                case FakeResponseStep.Speak speak:
                    await SpeakAsync(speak.Transcript, speak.AudioMs).ConfigureAwait(false);
                    break;
                case FakeResponseStep.Call call:
                    calls.Add(call);
                    break;
                case FakeResponseStep.Hold hold:
                    await hold.Release.WaitAsync(_aborted).ConfigureAwait(false);
                    break;
            }
        }

        if (calls.Count == 0)
        {
            return;
        }

        string delegationId = _events.NextId("item");
        string responseId = _events.NextId("resp");
        if (!_responsesDelegation)
        {
            // Client delegation: no tool name, no arguments; the application works out the task.
            lock (_gate)
            {
                _clientDelegations.Add(delegationId);
            }

            await _events.SendAsync("session.delegation.created", ("offset_ms", (int)_timelineMs), ("delegation", new JsonObject { ["id"] = delegationId, ["type"] = "delegation", ["target"] = "client" })).ConfigureAwait(false);
            return;
        }

        await _events.SendAsync("session.delegation.created", ("offset_ms", (int)_timelineMs), ("delegation", new JsonObject { ["id"] = delegationId, ["type"] = "delegation", ["target"] = "responses", ["response_id"] = responseId })).ConfigureAwait(false);
        await BackendResponseAsync(delegationId, responseId, calls.Cast<FakeResponseStep>().ToList()).ConfigureAwait(false);
    }

    // response.create: the backend continues (after function outputs) or answers (typed input); its text is spoken.
    private Task PlayBackendAsync(FakeResponsePlan plan) => BackendResponseAsync(_events.NextId("item"), _events.NextId("resp"), plan.Steps);

    private async Task BackendResponseAsync(string delegationId, string responseId, IReadOnlyList<FakeResponseStep> steps)
    {
        await BackendEventAsync(delegationId, new JsonObject { ["type"] = "response.created", ["response"] = new JsonObject { ["id"] = responseId, ["status"] = "in_progress" } }).ConfigureAwait(false);
        int outputIndex = 0;
        foreach (FakeResponseStep step in steps)
        {
            switch (step)
            {
                case FakeResponseStep.Speak speak:
                    string messageId = _events.NextId("msg");
                    await BackendEventAsync(delegationId, new JsonObject { ["type"] = "response.output_text.delta", ["item_id"] = messageId, ["output_index"] = outputIndex, ["delta"] = speak.Transcript }).ConfigureAwait(false);
                    await BackendEventAsync(delegationId, new JsonObject { ["type"] = "response.output_text.done", ["item_id"] = messageId, ["output_index"] = outputIndex++, ["text"] = speak.Transcript }).ConfigureAwait(false);

                    // Backend text is injected into the live session: the voice model says it.
                    await SpeakAsync(speak.Transcript, speak.AudioMs).ConfigureAwait(false);
                    break;
                case FakeResponseStep.Call call:
                    string callId = call.CallId ?? _events.NextId("call");
                    string itemId = _events.NextId("fc");
                    lock (_gate)
                    {
                        _pendingCalls.Add(callId);
                    }

                    int half = call.ArgumentsJson.Length / 2;
                    await BackendEventAsync(delegationId, new JsonObject { ["type"] = "response.function_call_arguments.delta", ["item_id"] = itemId, ["output_index"] = outputIndex, ["delta"] = call.ArgumentsJson[..half] }).ConfigureAwait(false);
                    await BackendEventAsync(delegationId, new JsonObject { ["type"] = "response.function_call_arguments.delta", ["item_id"] = itemId, ["output_index"] = outputIndex, ["delta"] = call.ArgumentsJson[half..] }).ConfigureAwait(false);
                    await BackendEventAsync(delegationId, new JsonObject { ["type"] = "response.function_call_arguments.done", ["item_id"] = itemId, ["output_index"] = outputIndex, ["name"] = call.Name, ["arguments"] = call.ArgumentsJson }).ConfigureAwait(false);
                    await BackendEventAsync(delegationId, new JsonObject
                    {
                        ["type"] = "response.output_item.done",
                        ["response_id"] = responseId,
                        ["output_index"] = outputIndex++,
                        ["item"] = new JsonObject { ["id"] = itemId, ["type"] = "function_call", ["status"] = "completed", ["call_id"] = callId, ["name"] = call.Name, ["arguments"] = call.ArgumentsJson },
                    }).ConfigureAwait(false);
                    break;
                case FakeResponseStep.Hold hold:
                    await hold.Release.WaitAsync(_aborted).ConfigureAwait(false);
                    break;
            }
        }

        // Lifecycle snapshots leave out input and blank out tools and output; usage arrives here.
        await BackendEventAsync(delegationId, new JsonObject
        {
            ["type"] = "response.completed",
            ["response"] = new JsonObject { ["id"] = responseId, ["status"] = "completed", ["output"] = new JsonArray(), ["usage"] = new JsonObject { ["input_tokens"] = 120, ["output_tokens"] = 30, ["total_tokens"] = 150 } },
        }).ConfigureAwait(false);
    }

    private Task BackendEventAsync(string delegationId, JsonObject nested) =>
        _events.SendAsync("response.event", ("delegation_id", delegationId), ("event", nested));

    // An utterance on the output track: word fragments on a 200 ms grid between 100 ms tone deltas, then trailing silence.
    private async Task SpeakAsync(string transcript, int audioMs)
    {
        _speaking = true;
        try
        {
            string[] words = transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int deltas = Math.Max(1, (audioMs + DeltaMs - 1) / DeltaMs);
            int start = (int)_timelineMs;
            for (int i = 0; i < Math.Max(deltas, words.Length); i++)
            {
                if (i < words.Length)
                {
                    // All words are out by the last audio delta, so the turn's transcript is complete when its audio is.
                    await _events.SendAsync("session.output_transcript.delta", ("delta", (i == 0 ? string.Empty : " ") + words[i]), ("start_ms", start + (200 * i)), ("end_ms", start + (200 * (i + 1)))).ConfigureAwait(false);
                }

                if (i < deltas)
                {
                    int ms = Math.Min(DeltaMs, audioMs - (i * DeltaMs));
                    await SendAudioDeltaAsync(FakeAudio.Tone(Math.Max(ms, 10), _toneOffsetMs, _format)).ConfigureAwait(false);
                    _toneOffsetMs += ms;
                }
            }

            for (int silent = 0; silent < _server.TrailingSilence.TotalMilliseconds; silent += DeltaMs)
            {
                await SendAudioDeltaAsync(new byte[DeltaMs * FakeAudio.BytesPerMs(_format)]).ConfigureAwait(false);
            }
        }
        finally
        {
            _speaking = false;
        }
    }

    // Output audio has no event_id and no timestamps on the primary socket (live-protocol.md 5.2).
    private Task SendAudioDeltaAsync(byte[] audio) =>
        _events.SendRawAsync($"{{\"type\":\"session.output_audio.delta\",\"delta\":\"{Convert.ToBase64String(audio)}\"}}");

    private async Task RejectAsync(string type, string json, FakeProtocolError error, string? clientEventId)
    {
        _server.Record(new FakeClientEvent(Number, type, json, error.Code));
        await SendErrorAsync(error, clientEventId).ConfigureAwait(false);
    }
}
