using System;
using System.Text.Json;

namespace RealtimeVoiceAgent.Calls;

/// <summary>One message from the caller, as <see cref="CallerTransport.ReceiveAsync"/> returns it.</summary>
/// <remarks><see cref="Audio"/> may point into the transport's receive buffer: it is valid until the next receive.</remarks>
public readonly struct CallerInput
{
    /// <summary>The longest <see cref="Text"/> <see cref="ForText"/> accepts, in characters: a typed turn, not a document.</summary>
    public const int MaxTextLength = 2000;

    private CallerInput(CallerInputKind kind, ReadOnlyMemory<byte> audio = default, string? itemId = null, int? playedMs = null, string? error = null, string? text = null, string? appMessageType = null, JsonElement? appMessage = null)
    {
        Kind = kind;
        Audio = audio;
        ItemId = itemId;
        PlayedMs = playedMs;
        Error = error;
        Text = text;
        AppMessageType = appMessageType;
        AppMessage = appMessage;
    }

    /// <summary>The caller hung up.</summary>
    public static CallerInput Closed => new(CallerInputKind.Closed);

    /// <summary>A message over the transport's size limit (the transport stopped reading it).</summary>
    public static CallerInput TooLarge => new(CallerInputKind.TooLarge);

    /// <summary>What was received.</summary>
    public CallerInputKind Kind { get; }

    /// <summary>For <see cref="CallerInputKind.Audio"/>: whole samples in the transport's input format; valid until the next receive.</summary>
    public ReadOnlyMemory<byte> Audio { get; }

    /// <summary>For <see cref="CallerInputKind.Cancel"/> and <see cref="CallerInputKind.Playback"/>: the assistant item the caller played.</summary>
    public string? ItemId { get; }

    /// <summary>For <see cref="CallerInputKind.Cancel"/> and <see cref="CallerInputKind.Playback"/>: the milliseconds of that item the caller played.</summary>
    public int? PlayedMs { get; }

    /// <summary>For <see cref="CallerInputKind.Invalid"/>: why the message was not accepted (sent back to the caller).</summary>
    public string? Error { get; }

    /// <summary>For <see cref="CallerInputKind.Text"/>: what the caller typed (phone keypad digits, or text typed in a browser).</summary>
    public string? Text { get; }

    /// <summary>For <see cref="CallerInputKind.AppMessage"/>: the message's type (for example <c>contact_field_edit</c>).</summary>
    public string? AppMessageType { get; }

    /// <summary>For <see cref="CallerInputKind.AppMessage"/>: the whole message as JSON (a detached element, valid after the next receive).</summary>
    public JsonElement? AppMessage { get; }

    /// <summary>Caller audio.</summary>
    /// <param name="audio">Whole samples in the transport's <see cref="CallerTransport.InputFormat"/>; may point into a reused buffer.</param>
    /// <returns>The input.</returns>
    public static CallerInput ForAudio(ReadOnlyMemory<byte> audio) => new(CallerInputKind.Audio, audio);

    /// <summary>The caller interrupts the assistant.</summary>
    /// <param name="itemId">The assistant item it was playing, if known.</param>
    /// <param name="playedMs">How much of that item it played, if known.</param>
    /// <returns>The input.</returns>
    public static CallerInput ForCancel(string? itemId = null, int? playedMs = null) => new(CallerInputKind.Cancel, itemId: itemId, playedMs: playedMs);

    /// <summary>How much of an assistant item the caller has played.</summary>
    /// <param name="itemId">The assistant item.</param>
    /// <param name="playedMs">The milliseconds played (0 or more).</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="itemId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="playedMs"/> is negative.</exception>
    public static CallerInput ForPlayback(string itemId, int playedMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentOutOfRangeException.ThrowIfNegative(playedMs);
        return new(CallerInputKind.Playback, itemId: itemId, playedMs: playedMs);
    }

    /// <summary>
    /// Input the caller typed rather than said: phone keypad (DTMF) digits, or text typed in a browser. The relay adds it to
    /// the conversation as a user message and asks the model to answer it, after the reply in progress (it never cuts the
    /// assistant off).
    /// </summary>
    /// <param name="text">What the caller typed; at most <see cref="MaxTextLength"/> characters.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="text"/> is <see langword="null"/>, empty, only white space, or longer than <see cref="MaxTextLength"/>.</exception>
    public static CallerInput ForText(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.Length > MaxTextLength)
        {
            throw new ArgumentException($"Typed input may be at most {MaxTextLength} characters; this is {text.Length}. Split it, or reject it in the transport with CallerInput.ForInvalid.", nameof(text));
        }

        return new(CallerInputKind.Text, text: text);
    }

    /// <summary>
    /// A message of the caller's app that the transport does not handle itself, for the agent
    /// (<see cref="VoiceAgent.OnAppMessageAsync"/>); the relay answers one the agent does not handle with a
    /// <c>bad_message</c> error, as it does an unknown message.
    /// </summary>
    /// <param name="type">The message's type, e.g. <c>contact_field_edit</c>.</param>
    /// <param name="message">The whole message; the transport passes an element that outlives its receive buffer (<see cref="JsonElement.Clone"/>).</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty, or <paramref name="message"/> is not a JSON object.</exception>
    public static CallerInput ForAppMessage(string type, JsonElement message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("An app message is a JSON object.", nameof(message));
        }

        return new(CallerInputKind.AppMessage, appMessageType: type, appMessage: message);
    }

    /// <summary>A message the transport could not accept; the relay answers it with a <c>bad_message</c> error and goes on.</summary>
    /// <param name="error">Why, in words the caller's developer can act on.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="error"/> is empty.</exception>
    public static CallerInput ForInvalid(string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new(CallerInputKind.Invalid, error: error);
    }
}
