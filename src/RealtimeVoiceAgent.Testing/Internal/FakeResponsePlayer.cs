using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

// Plays scripted responses: one at a time, each on its own task so the receive loop keeps reading while it streams
// (barge-in, a second response.create), with audio, transcript and function-call deltas in the service's order, and a
// response.done that reports a cancel (by the client or by detected speech) with its reason.
internal sealed class FakeResponsePlayer
{
    private readonly object _gate = new();
    private readonly FakeEventSender _events;
    private readonly FakeSession _session;
    private readonly FakeConversation _conversation;
    private readonly CancellationToken _aborted;
    private readonly Func<FakeResponseStep.FaultKind, Task> _fault;
    private readonly List<Task> _responses = new();
    private string? _activeResponseId;
    private CancellationTokenSource? _activeResponseCancel;
    private Task _activeResponse = Task.CompletedTask;
    private string _cancelReason = "client_cancelled";

    // fault: breaks the connection as a scripted fault step says (drop, or the session limit).
    public FakeResponsePlayer(FakeEventSender events, FakeSession session, FakeConversation conversation, Func<FakeResponseStep.FaultKind, Task> fault, CancellationToken aborted)
    {
        _fault = fault;
        _events = events;
        _session = session;
        _conversation = conversation;
        _aborted = aborted;
    }

    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _activeResponseId is not null;
            }
        }
    }

    public FakeProtocolError? CheckCreate()
    {
        lock (_gate)
        {
            return _activeResponseId is null
                ? null
                : new("conversation_already_has_active_response", $"Conversation already has an active response in progress: {_activeResponseId}. Wait until the response is finished before creating a new one.");
        }
    }

    public FakeProtocolError? CheckCancel()
    {
        lock (_gate)
        {
            return _activeResponseId is null ? new("response_cancel_not_active", "Cancellation failed: no active response found.") : null;
        }
    }

    public void Start(FakeResponsePlan plan)
    {
        string responseId = _events.NextId("resp");
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_aborted);
        lock (_gate)
        {
            _activeResponseId = responseId;
            _activeResponseCancel = cancel;
            _activeResponse = PlayAsync(responseId, plan, cancel);
            _responses.Add(_activeResponse);
        }
    }

    // A response cancelled by detected speech ends on its own task, a moment later. The service has ended it before the
    // caller's turn ends, so the turn waits for it here; without this wait the turn found the response still active and
    // its scripted reply was never started.
    public Task WhenCancelledResponseEndedAsync()
    {
        lock (_gate)
        {
            return _activeResponseCancel is { IsCancellationRequested: true } ? _activeResponse : Task.CompletedTask;
        }
    }

    // Ends the active response as cancelled; its response.done names the reason.
    public void Cancel(string reason)
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

    // When the connection ends: stops the active response and waits for every response task to finish.
    public Task StopAsync()
    {
        Task[] responses;
        lock (_gate)
        {
            _activeResponseCancel?.Cancel();
            responses = _responses.ToArray();
        }

        return Task.WhenAll(responses);
    }

    private async Task PlayAsync(string responseId, FakeResponsePlan plan, CancellationTokenSource cancel)
    {
        // Yield so the receive loop keeps reading while the response streams (barge-in, a second response.create).
        await Task.Yield();
        var output = new JsonArray();
        int audioMs = 0;
        int words = 0;
        string status = "completed";
        try
        {
            // The script continues only once every earlier function call has its function_call_output.
            await _conversation.WhenCallsAnswered().WaitAsync(cancel.Token).ConfigureAwait(false);
            await _events.SendAsync("response.created", ("response", Response(responseId, "in_progress", new JsonArray(), null))).ConfigureAwait(false);
            await _events.SendAsync("rate_limits.updated", ("rate_limits", new JsonArray(
                new JsonObject { ["name"] = "requests", ["limit"] = 5000, ["remaining"] = 4999, ["reset_seconds"] = 0.012 },
                new JsonObject { ["name"] = "tokens", ["limit"] = 800000, ["remaining"] = 799000, ["reset_seconds"] = 0.075 }))).ConfigureAwait(false);
            int outputIndex = 0;
            foreach (FakeResponseStep step in plan.Steps)
            {
                switch (step)
                {
                    case FakeResponseStep.Speak speak:
                        audioMs += speak.AudioMs;
                        words += speak.Transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                        if (await SpeakAsync(responseId, outputIndex++, speak, cancel.Token).ConfigureAwait(false) is not { } spoken)
                        {
                            // Dropped mid-speech: the response never finishes.
                            return;
                        }

                        output.Add(spoken);
                        break;
                    case FakeResponseStep.Call call:
                        output.Add(await CallAsync(responseId, outputIndex++, call, cancel.Token).ConfigureAwait(false));
                        break;
                    case FakeResponseStep.Hold hold:
                        await hold.Release.WaitAsync(cancel.Token).ConfigureAwait(false);
                        break;
                    case FakeResponseStep.Fault fault:
                        // The connection breaks here: the response never finishes.
                        await _fault(fault.Kind).ConfigureAwait(false);
                        return;
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
            await _events.SendAsync("response.done", ("response", done)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            // Connection gone.
        }
    }

    // Null when the step drops the connection mid-speech.
    private async Task<JsonObject?> SpeakAsync(string responseId, int outputIndex, FakeResponseStep.Speak speak, CancellationToken cancellationToken)
    {
        string itemId = _events.NextId("item");
        string? previous = _conversation.AppendAssistantAudio(itemId);
        JsonObject item = new()
        {
            ["id"] = itemId,
            ["object"] = "realtime.item",
            ["type"] = "message",
            ["status"] = "in_progress",
            ["role"] = "assistant",
            ["content"] = new JsonArray(),
        };
        await AddItemAsync(responseId, outputIndex, previous, item).ConfigureAwait(false);
        await _events.SendAsync("response.content_part.added", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0), ("part", new JsonObject { ["type"] = "audio", ["transcript"] = string.Empty })).ConfigureAwait(false);

        string[] words = speak.Transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string format = _session.OutputAudioFormat;
        int chunks = (speak.AudioMs + 99) / 100;
        int steps = Math.Max(chunks, words.Length);
        for (int i = 0; i < steps; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i < chunks)
            {
                int ms = Math.Min(100, speak.AudioMs - (i * 100));
                await _events.SendAsync(
                    "response.output_audio.delta",
                    ("response_id", responseId),
                    ("item_id", itemId),
                    ("output_index", outputIndex),
                    ("content_index", 0),
                    ("delta", Convert.ToBase64String(FakeAudio.Tone(ms, i * 100, format)))).ConfigureAwait(false);
                _conversation.AddAssistantAudio(itemId, ms);
            }

            if (speak.DropAfterMs is { } dropAfter && (i + 1) * 100 >= dropAfter)
            {
                await _fault(FakeResponseStep.FaultKind.Drop).ConfigureAwait(false);
                return null;
            }

            if (i < words.Length)
            {
                string delta = i == 0 ? words[i] : " " + words[i];
                await _events.SendAsync("response.output_audio_transcript.delta", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0), ("delta", delta)).ConfigureAwait(false);
            }
        }

        string transcript = string.Join(' ', words);
        await _events.SendAsync("response.output_audio.done", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0)).ConfigureAwait(false);
        await _events.SendAsync("response.output_audio_transcript.done", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0), ("transcript", transcript)).ConfigureAwait(false);
        await _events.SendAsync("response.content_part.done", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("content_index", 0), ("part", new JsonObject { ["type"] = "audio", ["transcript"] = transcript })).ConfigureAwait(false);
        item["status"] = "completed";
        item["content"] = new JsonArray(new JsonObject { ["type"] = "output_audio", ["transcript"] = transcript });
        return await CompleteItemAsync(responseId, outputIndex, previous, item).ConfigureAwait(false);
    }

    private async Task<JsonObject> CallAsync(string responseId, int outputIndex, FakeResponseStep.Call call, CancellationToken cancellationToken)
    {
        string itemId = _events.NextId("item");
        string callId = call.CallId ?? _events.NextId("call");
        string? previous = _conversation.AppendFunctionCall(itemId, callId);
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
        await AddItemAsync(responseId, outputIndex, previous, item).ConfigureAwait(false);
        int half = call.ArgumentsJson.Length / 2;
        foreach (string delta in new[] { call.ArgumentsJson[..half], call.ArgumentsJson[half..] })
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _events.SendAsync("response.function_call_arguments.delta", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("call_id", callId), ("delta", delta)).ConfigureAwait(false);
        }

        await _events.SendAsync("response.function_call_arguments.done", ("response_id", responseId), ("item_id", itemId), ("output_index", outputIndex), ("call_id", callId), ("name", call.Name), ("arguments", call.ArgumentsJson)).ConfigureAwait(false);
        item["status"] = "completed";
        item["arguments"] = call.ArgumentsJson;
        return await CompleteItemAsync(responseId, outputIndex, previous, item).ConfigureAwait(false);
    }

    // The two events that open every output item, whatever its type.
    private async Task AddItemAsync(string responseId, int outputIndex, string? previous, JsonObject item)
    {
        await _events.SendAsync("response.output_item.added", ("response_id", responseId), ("output_index", outputIndex), ("item", item.DeepClone())).ConfigureAwait(false);
        await _events.SendAsync("conversation.item.added", ("previous_item_id", previous), ("item", item.DeepClone())).ConfigureAwait(false);
    }

    // The two events that close every output item, whatever its type.
    private async Task<JsonObject> CompleteItemAsync(string responseId, int outputIndex, string? previous, JsonObject item)
    {
        await _events.SendAsync("response.output_item.done", ("response_id", responseId), ("output_index", outputIndex), ("item", item.DeepClone())).ConfigureAwait(false);
        await _events.SendAsync("conversation.item.done", ("previous_item_id", previous), ("item", item.DeepClone())).ConfigureAwait(false);
        return item;
    }

    private JsonObject Response(string responseId, string status, JsonArray output, JsonObject? usage) => new()
    {
        ["object"] = "realtime.response",
        ["id"] = responseId,
        ["status"] = status,
        ["status_details"] = null,
        ["output"] = output.DeepClone(),
        ["conversation_id"] = "conv_fake",
        ["output_modalities"] = _session.OutputModalities(),
        ["max_output_tokens"] = "inf",
        ["metadata"] = null,
        ["usage"] = usage,
    };
}
