using System;

namespace RealtimeVoiceAgent.Audio;

/// <summary>
/// The fields between the event id and the audio of the last delta read in the service's layout
/// (<c>","response_id":"…","item_id":"…","output_index":N,"content_index":N,"delta":"</c>), kept as bytes together with
/// what they hold. Every delta of one response item repeats them exactly, so one comparison of about 110 bytes stands in
/// for matching them field by field.
/// </summary>
/// <remarks>
/// Bytes equal to fields that <see cref="ServiceAudioDeltaLayout.TryMatchFields"/> accepted are accepted the same way and
/// hold the same values: the match reads nothing past its last literal (<c>,"delta":"</c>). Not thread-safe: one per reader.
/// </remarks>
internal sealed class RepeatedDeltaFields
{
    // The service's ids are about 30 bytes each; longer fields are simply matched every time.
    private const int MaxLength = 256;

    private readonly byte[] _bytes = new byte[MaxLength];
    private int _length;

    public string? ResponseId { get; private set; }

    public string? ItemId { get; private set; }

    public int OutputIndex { get; private set; }

    public int ContentIndex { get; private set; }

    /// <summary>Whether <paramref name="rest"/> starts with the remembered fields.</summary>
    /// <param name="rest">The message from the quote that closes the event id.</param>
    /// <param name="length">The length of the remembered fields.</param>
    public bool TryMatch(ReadOnlySpan<byte> rest, out int length)
    {
        length = _length;
        return _length > 0 && rest.StartsWith(_bytes.AsSpan(0, _length));
    }

    /// <summary>Remembers fields that <see cref="ServiceAudioDeltaLayout.TryMatchFields"/> accepted, with their values.</summary>
    public void Remember(ReadOnlySpan<byte> fields, string? responseId, string? itemId, int outputIndex, int contentIndex)
    {
        ResponseId = responseId;
        ItemId = itemId;
        OutputIndex = outputIndex;
        ContentIndex = contentIndex;
        if (fields.Length > MaxLength)
        {
            _length = 0;
            return;
        }

        fields.CopyTo(_bytes);
        _length = fields.Length;
    }
}
