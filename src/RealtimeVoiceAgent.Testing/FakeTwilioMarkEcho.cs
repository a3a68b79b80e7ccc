namespace RealtimeVoiceAgent.Testing;

/// <summary>A <c>mark</c> <see cref="FakeTwilioMediaStream"/> sent back to the application, as Twilio does.</summary>
public sealed class FakeTwilioMarkEcho
{
    internal FakeTwilioMarkEcho(string name, bool cleared)
    {
        Name = name;
        Cleared = cleared;
    }

    /// <summary>The mark's name, as the application sent it.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether the mark came back because the application sent <c>clear</c> (the audio before it was dropped, never
    /// played) rather than because its audio had played. Twilio's echo looks the same either way; this is for assertions.
    /// </summary>
    public bool Cleared { get; }

    /// <inheritdoc/>
    public override string ToString() => Cleared ? Name + " (cleared)" : Name;
}
