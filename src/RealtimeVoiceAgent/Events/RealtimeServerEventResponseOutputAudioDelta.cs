using System;
using System.Text;

namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_audio.delta</c>: a chunk of the model's audio, already base64-decoded.</summary>
/// <remarks>
/// To keep the audio path allocation-free the session reuses one instance and one buffer: the instance and
/// <see cref="Audio"/> are valid only until the next event is requested from
/// <see cref="RealtimeSession.ReceiveEventsAsync"/>. Copy the audio (or write it to your playback buffer) before moving on.
/// </remarks>
public sealed class RealtimeServerEventResponseOutputAudioDelta : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_audio.delta";

    private byte[] _eventIdUtf8 = new byte[64];
    private int _eventIdLength = -1;

    // The session reuses one instance per session (AudioDeltaReader); RealtimeVoiceAgentModelFactory creates others.
    internal RealtimeServerEventResponseOutputAudioDelta()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; private set; }

    /// <summary>The assistant item id; use it with <see cref="RealtimeSession.TruncateItemAsync"/> on barge-in.</summary>
    public string? ItemId { get; private set; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; private set; }

    /// <summary>The index of the content part in the item.</summary>
    public int ContentIndex { get; private set; }

    /// <summary>The decoded audio in the session's output format (PCM16 24 kHz mono by default). Valid until the next event.</summary>
    public ReadOnlyMemory<byte> Audio { get; private set; }

    // Sets every field, the event id as a string.
    internal RealtimeServerEventResponseOutputAudioDelta Set(string? responseId, string? itemId, int outputIndex, int contentIndex, ReadOnlyMemory<byte> audio, string? eventId = null)
    {
        SetFields(responseId, itemId, outputIndex, contentIndex, audio);
        ClearEventId();
        SetEventId(eventId);
        return this;
    }

    internal void SetFields(string? responseId, string? itemId, int outputIndex, int contentIndex, ReadOnlyMemory<byte> audio)
    {
        ResponseId = responseId;
        ItemId = itemId;
        OutputIndex = outputIndex;
        ContentIndex = contentIndex;
        Audio = audio;
    }

    internal void ClearEventId()
    {
        _eventIdLength = -1;
        ResetEventId();
    }

    // Keeps the event id as UTF-8 so a stream of deltas does not allocate one string per event.
    internal void SetEventIdUtf8(ReadOnlySpan<byte> utf8)
    {
        ResetEventId();
        if (utf8.Length > _eventIdUtf8.Length)
        {
            _eventIdUtf8 = new byte[utf8.Length];
        }

        utf8.CopyTo(_eventIdUtf8);
        _eventIdLength = utf8.Length;
    }

    private protected override string? MaterializeEventId()
    {
        if (_eventIdLength < 0)
        {
            return null;
        }

        string eventId = Encoding.UTF8.GetString(_eventIdUtf8, 0, _eventIdLength);
        SetEventId(eventId);
        return eventId;
    }
}
