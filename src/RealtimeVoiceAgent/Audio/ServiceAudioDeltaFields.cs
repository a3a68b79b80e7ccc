using System;

namespace RealtimeVoiceAgent.Audio;

/// <summary>The fields between the event id and <c>delta</c> matched by <see cref="ServiceAudioDeltaLayout"/>; the ids point into the message.</summary>
internal readonly ref struct ServiceAudioDeltaFields
{
    public ServiceAudioDeltaFields(ReadOnlySpan<byte> responseId, ReadOnlySpan<byte> itemId, int outputIndex, int contentIndex)
    {
        ResponseId = responseId;
        ItemId = itemId;
        OutputIndex = outputIndex;
        ContentIndex = contentIndex;
    }

    public ReadOnlySpan<byte> ResponseId { get; }

    public ReadOnlySpan<byte> ItemId { get; }

    public int OutputIndex { get; }

    public int ContentIndex { get; }
}
