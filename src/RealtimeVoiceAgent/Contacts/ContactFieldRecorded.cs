using System;
using System.Text.Json.Serialization;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// The typed result of a successful <c>record_contact_field</c>: how
/// the field will be stored and what to say to read it back. Returned to the model as the tool's <c>result</c>.
/// </summary>
public sealed class ContactFieldRecorded
{
    /// <summary>Creates the result.</summary>
    /// <param name="result">The valid normalized field.</param>
    /// <param name="stored">The contact as stored when recording the field saved or updated it, otherwise <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> is not valid.</exception>
    public ContactFieldRecorded(ContactFieldResult result, ContactStored? stored)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsValid)
        {
            throw new ArgumentException("Only a valid field is recorded.", nameof(result));
        }

        Field = result.Field;
        Value = result.Value!;
        Extension = result.Extension;
        DisplayValue = result.DisplayValue!;
        ReadBack = result.ReadBack!;
        Stored = stored;
    }

    /// <summary>The field.</summary>
    public ContactField Field { get; }

    /// <summary>The normalized value that will be stored (a phone number in E.164).</summary>
    public string Value { get; }

    /// <summary>A phone number's extension digits, or <see langword="null"/>.</summary>
    public string? Extension { get; }

    /// <summary>How the value is shown (a phone number in international format).</summary>
    public string DisplayValue { get; }

    /// <summary>What the assistant says to read the value back to the caller.</summary>
    public string ReadBack { get; }

    /// <summary>Whether the contact saved in this call was changed: it had been saved, and now holds this value.</summary>
    public bool UpdatedSavedContact => Stored is not null;

    /// <summary>
    /// The contact as stored when recording the field saved it (a form completed by typing) or updated it (it had been
    /// saved in this call), otherwise <see langword="null"/>. Not sent to the model.
    /// </summary>
    [JsonIgnore]
    public ContactStored? Stored { get; }
}
