using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RealtimeVoiceAgent.Testing.Internal;

// One fake Realtime session over one accepted WebSocket: validates and records client events, keeps the
// conversation state the real service would check, runs the energy VAD and plays the script.
internal sealed class FakeRealtimeConnection
{
    private const int BytesPerMs = 48;
    private const int MinimumCommitMs = 100;

    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FakeRealtimeServer _server;
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly object _gate = new();
    private readonly SpeechDetector _detector = new();
    private readonly Dictionary<string, int> _assistantAudioMs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _items = new(StringComparer.Ordinal);
    private readonly HashSet<string> _callIds = new(StringComparer.Ordinal);
    private readonly List<Task> _responses = new();
    private readonly JsonObject _session;
    private readonly CancellationToken _aborted;
    private int _nextId;
    private string? _lastItemId;
    private string? _activeResponseId;
    private CancellationTokenSource? _activeResponseCancel;
    private string _cancelReason = "client_cancelled";
    private long _bufferedBytes;
    private string? _speechItemId;

    public FakeRealtimeConnection(FakeRealtimeServer server, WebSocket socket, HttpContext context, int number, string model, CancellationToken aborted)
    {
        _server = server;
        _socket = socket;
        _context = context;
        Number = number;
        _aborted = aborted;
        _session = DefaultSession(model);
    }

    public int Number { get; }

    public async Task RunAsync(bool betaHeader)
    {
        try
        {
            if (betaHeader)
            {
                // What the GA endpoint does today with "OpenAI-Beta: realtime=v1" (protocol doc 1.2).
                await SendErrorAsync(new FakeProtocolError("beta_api_shape_disabled", "Realtime Beta API is no longer supported. Please use the GA API (remove the 'OpenAI-Beta' header)."), null).ConfigureAwait(false);
                await _socket.CloseOutputAsync((WebSocketCloseStatus)4000, "beta_api_shape_disabled", _aborted).ConfigureAwait(false);
                return;
            }

            await SendAsync(Event("session.created", ("session", _session.DeepClone()))).ConfigureAwait(false);
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            // The client went away or the test dropped the connection: the session simply ends.
        }
        finally
        {
            Task[] responses;
            lock (_gate)
            {
                _activeResponseCancel?.Cancel();
                responses = _responses.ToArray();
            }

            await Task.WhenAll(responses).ConfigureAwait(false);
        }
    }

    public void Abort() => _context.Abort();

    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        await _sendLock.WaitAsync(_aborted).ConfigureAwait(false);
        try
        {
            await _socket.CloseOutputAsync(status, reason, _aborted).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task SendRawAsync(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        await _sendLock.WaitAsync(_aborted).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _aborted).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task SendErrorAsync(FakeProtocolError error, string? clientEventId) =>
        SendAsync(Event("error", ("error", new JsonObject
        {
            ["type"] = error.Type,
            ["code"] = error.Code,
            ["message"] = error.Message,
            ["param"] = error.Param,
            ["event_id"] = clientEventId,
        })));

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (_socket.State == WebSocketState.Open)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), _aborted).ConfigureAwait(false);
                buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _sendLock.WaitAsync(_aborted).ConfigureAwait(false);
                    try
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, _aborted).ConfigureAwait(false);
                    }
                    finally
                    {
                        _sendLock.Release();
                    }
                }

                return;
            }

            await HandleMessageAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
        }
    }

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
            await RejectAsync(string.Empty, json, new FakeProtocolError("invalid_event", "We could not parse the JSON body of your request."), null).ConfigureAwait(false);
            return;
        }

        string? clientEventId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("event_id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            await RejectAsync(string.Empty, json, new FakeProtocolError("invalid_event", "Missing required parameter: 'type'.", "type"), clientEventId).ConfigureAwait(false);
            return;
        }

        string type = typeElement.GetString()!;
        if (!ClientEventValidator.KnownTypes.Contains(type))
        {
            await RejectAsync(type, json, new FakeProtocolError("invalid_event", $"Invalid value: '{type}'. Supported values are the GA client event types.", "type"), clientEventId).ConfigureAwait(false);
            return;
        }

        FakeProtocolError? error = ClientEventValidator.Validate(type, root) ?? CheckState(type, root);
        if (error is not null)
        {
            await RejectAsync(type, json, error, clientEventId).ConfigureAwait(false);
            return;
        }

        _server.Record(new FakeClientEvent(Number, type, json, null));
        switch (type)
        {
            case "session.update":
                await ApplySessionUpdateAsync(root.GetProperty("session")).ConfigureAwait(false);
                break;
            case "input_audio_buffer.append":
                await AppendAudioAsync(Convert.FromBase64String(root.GetProperty("audio").GetString()!)).ConfigureAwait(false);
                break;
            case "input_audio_buffer.commit":
                await CommitAsync(NextId("item"), fromVad: false).ConfigureAwait(false);
                break;
            case "input_audio_buffer.clear":
                lock (_gate)
                {
                    _bufferedBytes = 0;
                    _detector.Reset();
                }

                await SendAsync(Event("input_audio_buffer.cleared")).ConfigureAwait(false);
                break;
            case "conversation.item.create":
                await AddClientItemAsync(root.GetProperty("item")).ConfigureAwait(false);
                break;
            case "conversation.item.truncate":
                await SendAsync(Event(
                    "conversation.item.truncated",
                    ("item_id", root.GetProperty("item_id").GetString()),
                    ("content_index", root.GetProperty("content_index").GetInt32()),
                    ("audio_end_ms", root.GetProperty("audio_end_ms").GetInt32()))).ConfigureAwait(false);
                break;
            case "conversation.item.delete":
                string deleted = root.GetProperty("item_id").GetString()!;
                lock (_gate)
                {
                    _items.Remove(deleted);
                }

                await SendAsync(Event("conversation.item.deleted", ("item_id", deleted))).ConfigureAwait(false);
                break;
            case "conversation.item.retrieve":
                await SendAsync(Event("conversation.item.retrieved", ("item", new JsonObject { ["id"] = root.GetProperty("item_id").GetString(), ["object"] = "realtime.item" }))).ConfigureAwait(false);
                break;
            case "response.create":
                StartResponse(_server.Script.NextResponse());
                break;
            case "response.cancel":
                CancelActiveResponse("client_cancelled");

                break;
        }
    }

    // Checks that depend on the conversation state, with the codes the real service uses.
    private FakeProtocolError? CheckState(string type, JsonElement root)
    {
        lock (_gate)
        {
            switch (type)
            {
                case "input_audio_buffer.commit" when _bufferedBytes < MinimumCommitMs * BytesPerMs:
                    return new("input_audio_buffer_commit_empty", string.Create(CultureInfo.InvariantCulture, $"Error committing input audio buffer: buffer too small. Expected at least {MinimumCommitMs}ms of audio, but buffer only has {_bufferedBytes / (double)BytesPerMs:0.00}ms of audio."));
                case "response.create" when _activeResponseId is not null:
                    return new("conversation_already_has_active_response", $"Conversation already has an active response in progress: {_activeResponseId}. Wait until the response is finished before creating a new one.");
                case "response.cancel" when _activeResponseId is null:
                    return new("response_cancel_not_active", "Cancellation failed: no active response found.");
                case "conversation.item.create":
                    JsonElement item = root.GetProperty("item");
                    if (item.GetProperty("type").GetString() == "function_call_output" && !_callIds.Contains(item.GetProperty("call_id").GetString()!))
                    {
                        return new("invalid_value", $"No function call with call_id '{item.GetProperty("call_id").GetString()}' found in the conversation.", "item.call_id");
                    }

                    if (item.TryGetProperty("id", out JsonElement newId) && newId.ValueKind == JsonValueKind.String && _items.Contains(newId.GetString()!))
                    {
                        return new("invalid_value", $"Item with id '{newId.GetString()}' already exists.", "item.id");
                    }

                    if (root.TryGetProperty("previous_item_id", out JsonElement previous) && previous.GetString() is { } previousId && previousId != "root" && !_items.Contains(previousId))
                    {
                        return new("invalid_value", $"Previous item with id '{previousId}' not found.", "previous_item_id");
                    }

                    return null;
                case "conversation.item.delete" or "conversation.item.retrieve":
                    string itemId = root.GetProperty("item_id").GetString()!;
                    return _items.Contains(itemId) ? null : new("invalid_value", $"Item with item_id not found: {itemId}", "item_id");
                case "conversation.item.truncate":
                    string truncated = root.GetProperty("item_id").GetString()!;
                    if (!_assistantAudioMs.TryGetValue(truncated, out int audioMs))
                    {
                        return new("invalid_value", $"Item with item_id not found or is not an assistant audio item: {truncated}", "item_id");
                    }

                    if (root.GetProperty("content_index").GetInt32() != 0)
                    {
                        return new("invalid_value", "Invalid 'content_index': the item has one audio content part (index 0).", "content_index");
                    }

                    int audioEndMs = root.GetProperty("audio_end_ms").GetInt32();
                    return audioEndMs > 0 && audioEndMs <= audioMs
                        ? null
                        : new("invalid_value", $"Invalid 'audio_end_ms': {audioEndMs} must be greater than 0 and at most the item's audio duration ({audioMs} ms).", "audio_end_ms");
                default:
                    return null;
            }
        }
    }

    private async Task RejectAsync(string type, string json, FakeProtocolError error, string? clientEventId)
    {
        _server.Record(new FakeClientEvent(Number, type, json, error.Code));
        await SendErrorAsync(error, clientEventId).ConfigureAwait(false);
    }

    private async Task ApplySessionUpdateAsync(JsonElement update)
    {
        lock (_gate)
        {
            foreach (JsonProperty property in update.EnumerateObject())
            {
                if (property.Name == "audio")
                {
                    // audio.input / audio.output are merged field by field: a partial update keeps the rest.
                    JsonObject audio = _session["audio"]!.AsObject();
                    foreach (JsonProperty direction in property.Value.EnumerateObject())
                    {
                        JsonObject target = audio[direction.Name]!.AsObject();
                        foreach (JsonProperty field in direction.Value.EnumerateObject())
                        {
                            target[field.Name] = JsonNode.Parse(field.Value.GetRawText());
                        }
                    }
                }
                else
                {
                    _session[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                }
            }
        }

        JsonNode snapshot;
        lock (_gate)
        {
            snapshot = _session.DeepClone();
        }

        await SendAsync(Event("session.updated", ("session", snapshot))).ConfigureAwait(false);
    }

    private async Task AppendAudioAsync(byte[] audio)
    {
        var transitions = new List<(bool Started, int Ms)>();
        lock (_gate)
        {
            _bufferedBytes += audio.Length;
            JsonNode? turnDetection = _session["audio"]!["input"]!["turn_detection"];
            if (turnDetection is not null)
            {
                int silenceMs = turnDetection["type"]?.GetValue<string>() == "server_vad" && turnDetection["silence_duration_ms"] is JsonValue silence
                    ? silence.GetValue<int>()
                    : (int)_server.SemanticVadSilence.TotalMilliseconds;
                _detector.Feed(audio, _server.SpeechRmsThreshold, silenceMs, start => transitions.Add((true, start)), end => transitions.Add((false, end)));
            }
        }

        foreach ((bool started, int ms) in transitions)
        {
            if (started)
            {
                string itemId = NextId("item");
                bool interrupt;
                lock (_gate)
                {
                    _speechItemId = itemId;
                    interrupt = _session["audio"]!["input"]!["turn_detection"]?["interrupt_response"] is not JsonValue value || value.GetValue<bool>();
                }

                await SendAsync(Event("input_audio_buffer.speech_started", ("audio_start_ms", ms), ("item_id", itemId))).ConfigureAwait(false);
                if (interrupt)
                {
                    // Barge-in: like the service with interrupt_response, the active response ends as cancelled.
                    CancelActiveResponse("turn_detected");
                }
            }
            else
            {
                string itemId;
                lock (_gate)
                {
                    itemId = _speechItemId ?? NextId("item");
                    _speechItemId = null;
                }

                await SendAsync(Event("input_audio_buffer.speech_stopped", ("audio_end_ms", ms), ("item_id", itemId))).ConfigureAwait(false);
                await CommitAsync(itemId, fromVad: true).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitAsync(string itemId, bool fromVad)
    {
        string? previous;
        bool transcription;
        bool createResponse;
        lock (_gate)
        {
            previous = _lastItemId;
            _lastItemId = itemId;
            _items.Add(itemId);
            _bufferedBytes = 0;
            JsonNode input = _session["audio"]!["input"]!;
            transcription = input["transcription"] is not null;
            JsonNode? turnDetection = input["turn_detection"];
            createResponse = turnDetection is not null && (turnDetection["create_response"] is not JsonValue create || create.GetValue<bool>());
        }

        FakeTurnPlan turn = _server.Script.NextTurn();
        await SendAsync(Event("input_audio_buffer.committed", ("previous_item_id", previous), ("item_id", itemId))).ConfigureAwait(false);
        JsonObject userItem(string? transcript) => new()
        {
            ["id"] = itemId,
            ["object"] = "realtime.item",
            ["type"] = "message",
            ["status"] = "completed",
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "input_audio", ["transcript"] = transcript }),
        };
        await SendAsync(Event("conversation.item.added", ("previous_item_id", previous), ("item", userItem(null)))).ConfigureAwait(false);
        await SendAsync(Event("conversation.item.done", ("previous_item_id", previous), ("item", userItem(null)))).ConfigureAwait(false);
        if (transcription)
        {
            await SendAsync(Event("conversation.item.input_audio_transcription.delta", ("item_id", itemId), ("content_index", 0), ("delta", turn.Transcript))).ConfigureAwait(false);
            await SendAsync(Event(
                "conversation.item.input_audio_transcription.completed",
                ("item_id", itemId),
                ("content_index", 0),
                ("transcript", turn.Transcript),
                ("usage", new JsonObject { ["type"] = "duration", ["seconds"] = 1 }))).ConfigureAwait(false);
        }

        if (fromVad && createResponse)
        {
            bool busy;
            lock (_gate)
            {
                busy = _activeResponseId is not null;
            }

            if (!busy)
            {
                StartResponse(turn.Responses[0]);
                _server.Script.PushFront(turn.Responses.GetRange(1, turn.Responses.Count - 1));
                return;
            }
        }

        _server.Script.PushFront(turn.Responses);
    }

    private async Task AddClientItemAsync(JsonElement item)
    {
        JsonObject stored = JsonNode.Parse(item.GetRawText())!.AsObject();
        string itemId = stored["id"]?.GetValue<string>() ?? NextId("item");
        stored["id"] = itemId;
        stored["object"] = "realtime.item";
        stored["status"] = "completed";
        string? previous;
        lock (_gate)
        {
            previous = _lastItemId;
            _lastItemId = itemId;
            _items.Add(itemId);
        }

        await SendAsync(Event("conversation.item.added", ("previous_item_id", previous), ("item", stored.DeepClone()))).ConfigureAwait(false);
        await SendAsync(Event("conversation.item.done", ("previous_item_id", previous), ("item", stored))).ConfigureAwait(false);
    }

    private void CancelActiveResponse(string reason)
    {
        lock (_gate)
        {
            if (_activeResponseCancel is { } cancel)
            {
                _cancelReason = reason;
                cancel.Cancel();
            }
        }
    }

    private void StartResponse(FakeResponsePlan plan)
    {
        string responseId = NextId("resp");
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_aborted);
        lock (_gate)
        {
            _activeResponseId = responseId;
            _activeResponseCancel = cancel;
            _responses.Add(PlayResponseAsync(responseId, plan, cancel));
        }
    }

    private async Task PlayResponseAsync(string responseId, FakeResponsePlan plan, CancellationTokenSource cancel)
    {
        // Yield so the receive loop keeps reading while the response streams (barge-in, a second response.create).
        await Task.Yield();
        var output = new JsonArray();
        int audioMs = 0;
        int words = 0;
        string status = "completed";
        try
        {
            await SendAsync(Event("response.created", ("response", Response(responseId, "in_progress", new JsonArray(), null)))).ConfigureAwait(false);
            await SendAsync(Event("rate_limits.updated", ("rate_limits", new JsonArray(
                new JsonObject { ["name"] = "requests", ["limit"] = 5000, ["remaining"] = 4999, ["reset_seconds"] = 0.012 },
                new JsonObject { ["name"] = "tokens", ["limit"] = 800000, ["remaining"] = 799000, ["reset_seconds"] = 0.075 })))).ConfigureAwait(false);
            int outputIndex = 0;
            foreach (FakeResponseStep step in plan.Steps)
            {
                switch (step)
                {
                    case FakeResponseStep.Speak speak:
                        audioMs += speak.AudioMs;
                        words += speak.Transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                        output.Add(await SpeakAsync(responseId, outputIndex++, speak, cancel.Token).ConfigureAwait(false));
                        break;
                    case FakeResponseStep.Call call:
                        output.Add(await CallAsync(responseId, outputIndex++, call, cancel.Token).ConfigureAwait(false));
                        break;
                    case FakeResponseStep.Hold hold:
                        await hold.Release.WaitAsync(cancel.Token).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (!_aborted.IsCancellationRequested)
        {
            status = "cancelled";
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            return;
        }
        finally
        {
            lock (_gate)
            {
                if (_activeResponseId == responseId)
                {
                    _activeResponseId = null;
                    _activeResponseCancel = null;
                }
            }

            cancel.Dispose();
        }

        JsonObject usage = new()
        {
            ["total_tokens"] = 100 + words + (audioMs / 50),
            ["input_tokens"] = 100,
            ["output_tokens"] = words + (audioMs / 50),
            ["input_token_details"] = new JsonObject { ["text_tokens"] = 90, ["audio_tokens"] = 10, ["image_tokens"] = 0, ["cached_tokens"] = 0 },
            ["output_token_details"] = new JsonObject { ["text_tokens"] = words, ["audio_tokens"] = audioMs / 50 },
        };
        JsonObject done = Response(responseId, status, output, usage);
        if (status == "cancelled")
        {
            string reason;
            lock (_gate)
            {
                reason = _cancelReason;
            }

            done["status_details"] = new JsonObject { ["type"] = "cancelled", ["reason"] = reason };
        }

        try
        {
            await SendAsync(Event("response.done", ("response", done))).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            // Connection gone.
        }
    }

    private async Task<JsonObject> SpeakAsync(string responseId, int outputIndex, FakeResponseStep.Speak speak, CancellationToken cancellationToken)
    {
        string itemId = NextId("item");
        string? previous;
        lock (_gate)
        {
            previous = _lastItemId;
            _lastItemId = itemId;
            _items.Add(itemId);
            _assistantAudioMs[itemId] = 0;
        }

        JsonObject item = new()
        {
            ["id"] = itemId,
            ["object"] = "realtime.item",
            ["type"] = "message",
            ["status"] = "in_progress",
            ["role"] = "assistant",
            ["content"] = new JsonArray(),
        };
        await SendAsync(Event("response.output_item.added", ("response_id", responseId), ("output_index", outputIndex), ("item", item.DeepClone()))).ConfigureAwait(false);
        await SendAsync(Event("conversation.item.added", ("previous_item_id", previous), ("item", item.DeepClone()))).ConfigureAwait(false);
        await SendAsync(Event("response.content_part.added", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0), ("part", new JsonObject { ["type"] = "audio", ["transcript"] = string.Empty }))).ConfigureAwait(false);

        string[] words = speak.Transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int chunks = (speak.AudioMs + 99) / 100;
        int steps = Math.Max(chunks, words.Length);
        for (int i = 0; i < steps; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i < chunks)
            {
                int ms = Math.Min(100, speak.AudioMs - (i * 100));
                await SendAsync(Event(
                    "response.output_audio.delta",
                    ("response_id", responseId),
                    ("item_id", itemId),
                    ("output_index", outputIndex),
                    ("content_index", 0),
                    ("delta", Convert.ToBase64String(FakeAudio.Tone(ms, i * 100))))).ConfigureAwait(false);
                lock (_gate)
                {
                    _assistantAudioMs[itemId] += ms;
                }
            }

            if (i < words.Length)
            {
                string delta = i == 0 ? words[i] : " " + words[i];
                await SendAsync(Event("response.output_audio_transcript.delta", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0), ("delta", delta))).ConfigureAwait(false);
            }
        }

        string transcript = string.Join(' ', words);
        await SendAsync(Event("response.output_audio.done", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0))).ConfigureAwait(false);
        await SendAsync(Event("response.output_audio_transcript.done", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0), ("transcript", transcript))).ConfigureAwait(false);
        await SendAsync(Event("response.content_part.done", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0), ("part", new JsonObject { ["type"] = "audio", ["transcript"] = transcript }))).ConfigureAwait(false);
        item["status"] = "completed";
        item["content"] = new JsonArray(new JsonObject { ["type"] = "output_audio", ["transcript"] = transcript });
        await SendAsync(Event("response.output_item.done", ("response_id", responseId), ("output_index", outputIndex), ("item", item.DeepClone()))).ConfigureAwait(false);
        await SendAsync(Event("conversation.item.done", ("previous_item_id", previous), ("item", item.DeepClone()))).ConfigureAwait(false);
        return item;
    }

    private async Task<JsonObject> CallAsync(string responseId, int outputIndex, FakeResponseStep.Call call, CancellationToken cancellationToken)
    {
        string itemId = NextId("item");
        string callId = call.CallId ?? NextId("call");
        string? previous;
        lock (_gate)
        {
            previous = _lastItemId;
            _lastItemId = itemId;
            _items.Add(itemId);
            _callIds.Add(callId);
        }

        JsonObject item = new()
        {
            ["id"] = itemId,
            ["object"] = "realtime.item",
            ["type"] = "function_call",
            ["status"] = "in_progress",
            ["call_id"] = callId,
            ["name"] = call.Name,
            ["arguments"] = string.Empty,
        };
        await SendAsync(Event("response.output_item.added", ("response_id", responseId), ("output_index", outputIndex), ("item", item.DeepClone()))).ConfigureAwait(false);
        await SendAsync(Event("conversation.item.added", ("previous_item_id", previous), ("item", item.DeepClone()))).ConfigureAwait(false);
        int half = call.ArgumentsJson.Length / 2;
        foreach (string delta in new[] { call.ArgumentsJson[..half], call.ArgumentsJson[half..] })
        {
            cancellationToken.ThrowIfCancellationRequested();
            await SendAsync(Event("response.function_call_arguments.delta", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("call_id", callId), ("delta", delta))).ConfigureAwait(false);
        }

        await SendAsync(Event("response.function_call_arguments.done", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("call_id", callId), ("name", call.Name), ("arguments", call.ArgumentsJson))).ConfigureAwait(false);
        item["status"] = "completed";
        item["arguments"] = call.ArgumentsJson;
        await SendAsync(Event("response.output_item.done", ("response_id", responseId), ("output_index", outputIndex), ("item", item.DeepClone()))).ConfigureAwait(false);
        await SendAsync(Event("conversation.item.done", ("previous_item_id", previous), ("item", item.DeepClone()))).ConfigureAwait(false);
        return item;
    }

    private JsonObject Response(string responseId, string status, JsonArray output, JsonObject? usage)
    {
        JsonNode? modalities;
        lock (_gate)
        {
            modalities = _session["output_modalities"]?.DeepClone();
        }

        return new JsonObject
        {
            ["object"] = "realtime.response",
            ["id"] = responseId,
            ["status"] = status,
            ["status_details"] = null,
            ["output"] = output.DeepClone(),
            ["conversation_id"] = "conv_fake",
            ["output_modalities"] = modalities,
            ["max_output_tokens"] = "inf",
            ["metadata"] = null,
            ["usage"] = usage,
        };
    }

    private JsonObject Event(string type, params (string Name, JsonNode? Value)[] fields)
    {
        var e = new JsonObject { ["type"] = type, ["event_id"] = NextId("event") };
        foreach ((string name, JsonNode? value) in fields)
        {
            e[name] = value;
        }

        return e;
    }

    private Task SendAsync(JsonObject e) => SendRawAsync(e.ToJsonString(s_json));

    private string NextId(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Interlocked.Increment(ref _nextId):D4}");

    private static JsonObject DefaultSession(string model) => new()
    {
        ["type"] = "realtime",
        ["object"] = "realtime.session",
        ["id"] = "sess_fake",
        ["model"] = model,
        ["output_modalities"] = new JsonArray("audio"),
        ["instructions"] = "You are a helpful assistant.",
        ["tools"] = new JsonArray(),
        ["tool_choice"] = "auto",
        ["max_output_tokens"] = "inf",
        ["tracing"] = null,
        ["truncation"] = "auto",
        ["prompt"] = null,
        ["expires_at"] = 0,
        ["audio"] = new JsonObject
        {
            ["input"] = new JsonObject
            {
                ["format"] = new JsonObject { ["type"] = "audio/pcm", ["rate"] = 24000 },
                ["transcription"] = null,
                ["noise_reduction"] = null,
                ["turn_detection"] = new JsonObject
                {
                    ["type"] = "server_vad",
                    ["threshold"] = 0.5,
                    ["prefix_padding_ms"] = 300,
                    ["silence_duration_ms"] = 500,
                    ["idle_timeout_ms"] = null,
                    ["create_response"] = true,
                    ["interrupt_response"] = true,
                },
            },
            ["output"] = new JsonObject
            {
                ["format"] = new JsonObject { ["type"] = "audio/pcm", ["rate"] = 24000 },
                ["voice"] = "alloy",
                ["speed"] = 1.0,
            },
        },
        ["include"] = null,
    };
}
