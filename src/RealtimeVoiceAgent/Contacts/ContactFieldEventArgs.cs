using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>A contact field the call's tools received, valid or not (<see cref="ContactCallTools.FieldReceived"/>).</summary>
public sealed class ContactFieldEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="result">The field, normalized and validated.</param>
    /// <param name="source">How it arrived.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public ContactFieldEventArgs(ContactFieldResult result, ContactFieldSource source)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
        Source = source;
    }

    /// <summary>The field, normalized and validated: its value and display form, or why it is invalid.</summary>
    public ContactFieldResult Result { get; }

    /// <summary>How the field arrived: said (through the model) or typed.</summary>
    public ContactFieldSource Source { get; }
}
