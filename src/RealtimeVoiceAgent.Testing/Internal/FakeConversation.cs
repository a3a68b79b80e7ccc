using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

// The conversation's items as the service tracks them: their order (each new item's previous_item_id), which ids exist,
// how much audio each assistant item has played (the bound for truncate), and which function calls still wait for
// their function_call_output. Handles the conversation.item.* client events and their state checks. Client events and
// scripted responses change it from different tasks, hence the lock.
internal sealed class FakeConversation
{
    private readonly object _gate = new();
    private readonly FakeEventSender _events;
    private readonly HashSet<string> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _assistantAudioMs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _callIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unansweredCalls = new(StringComparer.Ordinal);
    private TaskCompletionSource? _callsAnswered;
    private string? _lastItemId;

    public FakeConversation(FakeEventSender events)
    {
        _events = events;
    }

    // Adds an item at the end of the conversation; returns the id of the item before it.
    public string? Append(string itemId)
    {
        lock (_gate)
        {
            return AppendLocked(itemId);
        }
    }

    // Adds an assistant audio message, which truncate may then cut.
    public string? AppendAssistantAudio(string itemId)
    {
        lock (_gate)
        {
            string? previous = AppendLocked(itemId);
            _assistantAudioMs[itemId] = 0;
            return previous;
        }
    }

    // Adds a function call, which stays unanswered until its function_call_output is created.
    public string? AppendFunctionCall(string itemId, string callId)
    {
        lock (_gate)
        {
            string? previous = AppendLocked(itemId);
            _callIds.Add(callId);
            _unansweredCalls.Add(callId);
            return previous;
        }
    }

    public void AddAssistantAudio(string itemId, int ms)
    {
        lock (_gate)
        {
            _assistantAudioMs[itemId] += ms;
        }
    }

    // Completes once every function call so far has its function_call_output; responses wait for that.
    public Task WhenCallsAnswered()
    {
        lock (_gate)
        {
            if (_unansweredCalls.Count == 0)
            {
                return Task.CompletedTask;
            }

            _callsAnswered ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _callsAnswered.Task;
        }
    }

    public FakeProtocolError? CheckCreate(JsonElement root)
    {
        lock (_gate)
        {
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
        }
    }

    // conversation.item.delete and conversation.item.retrieve name an existing item.
    public FakeProtocolError? CheckExists(JsonElement root)
    {
        lock (_gate)
        {
            string itemId = root.GetProperty("item_id").GetString()!;
            return _items.Contains(itemId) ? null : new("invalid_value", $"Item with item_id not found: {itemId}", "item_id");
        }
    }

    public FakeProtocolError? CheckTruncate(JsonElement root)
    {
        lock (_gate)
        {
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
        }
    }

    public async Task CreateAsync(JsonElement item)
    {
        JsonObject stored = JsonNode.Parse(item.GetRawText())!.AsObject();
        string itemId = stored["id"]?.GetValue<string>() ?? _events.NextId("item");
        stored["id"] = itemId;
        stored["object"] = "realtime.item";
        stored["status"] = "completed";
        // A function call the client adds (a conversation replayed into a new session) waits for its output like one the
        // model made.
        string? previous = item.GetProperty("type").GetString() == "function_call"
            ? AppendFunctionCall(itemId, item.GetProperty("call_id").GetString()!)
            : Append(itemId);
        await _events.SendAsync("conversation.item.added", ("previous_item_id", previous), ("item", stored.DeepClone())).ConfigureAwait(false);
        await _events.SendAsync("conversation.item.done", ("previous_item_id", previous), ("item", stored)).ConfigureAwait(false);
        if (item.GetProperty("type").GetString() == "function_call_output")
        {
            MarkAnswered(item.GetProperty("call_id").GetString()!);
        }
    }

    // A user message with typed text (what the caller typed), which a scripted typed turn answers.
    public static bool IsUserText(JsonElement item) => IsTextMessage(item, "user");

    // A system message with text (what an agent tells the model), which a scripted system turn answers.
    public static bool IsSystemText(JsonElement item) => IsTextMessage(item, "system");

    private static bool IsTextMessage(JsonElement item, string expectedRole)
    {
        if (item.GetProperty("type").GetString() != "message" || !item.TryGetProperty("role", out JsonElement role) || role.GetString() != expectedRole)
        {
            return false;
        }

        foreach (JsonElement part in item.GetProperty("content").EnumerateArray())
        {
            if (part.GetProperty("type").GetString() == "input_text")
            {
                return true;
            }
        }

        return false;
    }

    public Task TruncateAsync(JsonElement root) =>
        _events.SendAsync(
            "conversation.item.truncated",
            ("item_id", root.GetProperty("item_id").GetString()),
            ("content_index", root.GetProperty("content_index").GetInt32()),
            ("audio_end_ms", root.GetProperty("audio_end_ms").GetInt32()));

    public async Task DeleteAsync(JsonElement root)
    {
        string deleted = root.GetProperty("item_id").GetString()!;
        lock (_gate)
        {
            _items.Remove(deleted);
        }

        await _events.SendAsync("conversation.item.deleted", ("item_id", deleted)).ConfigureAwait(false);
    }

    public Task RetrieveAsync(JsonElement root) =>
        _events.SendAsync("conversation.item.retrieved", ("item", new JsonObject { ["id"] = root.GetProperty("item_id").GetString(), ["object"] = "realtime.item" }));

    // A function call counts as answered once its function_call_output was added.
    private void MarkAnswered(string callId)
    {
        TaskCompletionSource? answered = null;
        lock (_gate)
        {
            if (_unansweredCalls.Remove(callId) && _unansweredCalls.Count == 0)
            {
                answered = _callsAnswered;
                _callsAnswered = null;
            }
        }

        answered?.TrySetResult();
    }

    private string? AppendLocked(string itemId)
    {
        string? previous = _lastItemId;
        _lastItemId = itemId;
        _items.Add(itemId);
        return previous;
    }
}
