using System;
using System.Collections.Generic;
using System.Threading;

namespace RealtimeVoiceAgent.Relay;

/// <summary>What one item of the conversation is, as the relay replays it.</summary>
internal enum ConversationItemKind
{
    /// <summary>The caller's words: a finished transcript of speech, or typed input (a user message with <c>input_text</c>).</summary>
    UserText,

    /// <summary>The assistant's words: a finished transcript of a reply (an assistant message with <c>output_text</c>).</summary>
    AssistantText,

    /// <summary>A system message the agent added.</summary>
    SystemText,

    /// <summary>A function call the model made.</summary>
    FunctionCall,

    /// <summary>A tool's output for a function call.</summary>
    FunctionCallOutput,
}

/// <summary>One item of the conversation: <see cref="Text"/> is the words, or a function call's arguments, or its output.</summary>
internal sealed record ConversationItem(ConversationItemKind Kind, string Text, string? CallId = null, string? Name = null)
{
    public static ConversationItem User(string text) => new(ConversationItemKind.UserText, text);

    public static ConversationItem System(string text) => new(ConversationItemKind.SystemText, text);

    public static ConversationItem FunctionOutput(string callId, string output) => new(ConversationItemKind.FunctionCallOutput, output, callId);
}

/// <summary>
/// The conversation of one call as the relay saw it, kept so that it can be replayed into a new model session after a
/// reconnect: the caller's and the assistant's finished transcripts, typed input, the agent's system messages, and function
/// calls with their outputs, in conversation order. Audio is not kept; the replay is text.
/// </summary>
/// <remarks>
/// <para>The caller's transcript arrives after the assistant may already have answered (transcription runs beside the
/// response): its place is taken when the model commits the caller's audio (<see cref="ReserveUser"/>) and filled in when
/// the transcript is done. An item the relay deleted from the model's conversation (a reply interrupted before any of it
/// was heard) is removed here too.</para>
/// <para>The replay is capped (<see cref="MaxReplayItems"/> items, <see cref="MaxReplayCharacters"/> characters): the most
/// recent items are kept, and a function call is never replayed without its output or an output without its call (a call
/// whose tool is still running is replayed alone; its output follows when the tool answers). The log itself keeps at most
/// <see cref="MaxKeptItems"/> items. Thread-safe.</para>
/// </remarks>
internal sealed class ConversationLog
{
    /// <summary>The most items replayed into a new session.</summary>
    public const int MaxReplayItems = 50;

    /// <summary>The most characters (text, arguments and outputs together) replayed into a new session.</summary>
    public const int MaxReplayCharacters = 24_000;

    /// <summary>The most items kept; older ones are forgotten.</summary>
    public const int MaxKeptItems = 4 * MaxReplayItems;

    private readonly Lock _lock = new();
    // An entry whose Item is null is the reserved place of a caller transcript that is not done yet.
    private readonly List<Entry> _entries = new();

    /// <summary>How many items the log holds (reserved places of unfinished transcripts not counted).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                var count = 0;
                foreach (var entry in _entries)
                {
                    count += entry.Item is null ? 0 : 1;
                }

                return count;
            }
        }
    }

    /// <summary>Adds an item at the end (typed input, system messages, assistant transcripts, function calls and outputs).</summary>
    public void Add(ConversationItem item, string? itemId = null)
    {
        lock (_lock)
        {
            AddLocked(new Entry(itemId, item));
        }
    }

    /// <summary>The model committed the caller's audio as <paramref name="itemId"/>: its transcript goes here when it is done.</summary>
    public void ReserveUser(string itemId)
    {
        lock (_lock)
        {
            if (IndexOfLocked(itemId) < 0)
            {
                AddLocked(new Entry(itemId, null));
            }
        }
    }

    /// <summary>The caller's transcript of <paramref name="itemId"/> is done: fills its reserved place (or adds it at the end).</summary>
    public void SetUserTranscript(string? itemId, string transcript)
    {
        var item = ConversationItem.User(transcript);
        lock (_lock)
        {
            var index = itemId is null ? -1 : IndexOfLocked(itemId);
            if (index >= 0)
            {
                _entries[index] = _entries[index] with { Item = item };
            }
            else
            {
                AddLocked(new Entry(itemId, item));
            }
        }
    }

    /// <summary>The relay deleted <paramref name="itemId"/> from the model's conversation.</summary>
    public void Remove(string itemId)
    {
        lock (_lock)
        {
            var index = IndexOfLocked(itemId);
            if (index >= 0)
            {
                _entries.RemoveAt(index);
            }
        }
    }

    /// <summary>The items to replay into a new session, oldest first, within the caps (see the remarks).</summary>
    public IReadOnlyList<ConversationItem> GetReplay()
    {
        lock (_lock)
        {
            // 1. Walk back from the newest item until a cap is reached.
            var picked = new List<ConversationItem>();
            var characters = 0;
            for (var i = _entries.Count - 1; i >= 0 && picked.Count < MaxReplayItems; i--)
            {
                if (_entries[i].Item is not { } item)
                {
                    continue;
                }

                characters += item.Text.Length + (item.Name?.Length ?? 0);
                if (characters > MaxReplayCharacters)
                {
                    break;
                }

                picked.Add(item);
            }

            picked.Reverse();

            // 2. Calls and outputs go in pairs: an output whose call was cut goes too (the service refuses an output
            // without its call); a call whose output was cut goes with it, unless the output is not there yet.
            var calls = new HashSet<string>(StringComparer.Ordinal);
            var outputs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in picked)
            {
                if (item.Kind == ConversationItemKind.FunctionCall)
                {
                    calls.Add(item.CallId!);
                }
                else if (item.Kind == ConversationItemKind.FunctionCallOutput)
                {
                    outputs.Add(item.CallId!);
                }
            }

            var replay = new List<ConversationItem>(picked.Count);
            foreach (var item in picked)
            {
                var keep = item.Kind switch
                {
                    ConversationItemKind.FunctionCallOutput => calls.Contains(item.CallId!),
                    ConversationItemKind.FunctionCall => outputs.Contains(item.CallId!) || !HasOutputLocked(item.CallId!),
                    _ => true,
                };
                if (keep)
                {
                    replay.Add(item);
                }
            }

            return replay;
        }
    }

    private bool HasOutputLocked(string callId)
    {
        foreach (var entry in _entries)
        {
            if (entry.Item is { Kind: ConversationItemKind.FunctionCallOutput } output && string.Equals(output.CallId, callId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void AddLocked(Entry entry)
    {
        _entries.Add(entry);
        if (_entries.Count > MaxKeptItems)
        {
            _entries.RemoveRange(0, _entries.Count - MaxKeptItems);
        }
    }

    private int IndexOfLocked(string itemId)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].ItemId, itemId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct Entry(string? ItemId, ConversationItem? Item);
}
