using System;

namespace RealtimeVoiceAgent.Audio;

/// <summary>The fields before <c>delta</c> matched by <see cref="ServiceAudioDeltaLayout"/>; the ids point into the message.</summary>
internal readonly ref struct ServiceAudioDeltaFields
{
    public ServiceAudioDeltaFields(ReadOnlySpan<byte> eventId, ReadOnlySpan<byte> responseId, ReadOnlySpan<byte> itemId, int outputIndex, int contentIndex)
    {
        EventId = eventId;
        ResponseId = responseId;
        ItemId = itemId;
        OutputIndex = outputIndex;
        ContentIndex = contentIndex;
    }

    public ReadOnlySpan<byte> EventId { get; }

    public ReadOnlySpan<byte> ResponseId { get; }

    public ReadOnlySpan<byte> ItemId { get; }

    public int OutputIndex { get; }

    public int ContentIndex { get; }
}
