namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>One parsed caller text message. Audio is decoded into the buffer the parser was given.</summary>
/// <remarks><c>AppType</c> is the type of a <see cref="CallerMessageType.App"/> message.</remarks>
internal readonly record struct CallerMessage(CallerMessageType Type, int AudioBytes, string? ItemId, int? PlayedMs, string? Error, string? AppType = null)
{
    /// <summary>A message the parser rejected, with the reason sent back to the caller.</summary>
    public static CallerMessage Invalid(string error) => new(CallerMessageType.Invalid, 0, null, null, error);
}
