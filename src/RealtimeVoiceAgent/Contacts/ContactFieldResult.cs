using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>The outcome of normalizing one spoken contact field: the normalized value, or why it is invalid.</summary>
public sealed class ContactFieldResult
{
    private ContactFieldResult(ContactField field, string? raw, string? value, string? extension, string? error)
    {
        Field = field;
        Raw = raw;
        Value = value;
        Extension = extension;
        Error = error;
    }

    /// <summary>The field this result is for.</summary>
    public ContactField Field { get; }

    /// <summary>The value as it was given (for example as transcribed from speech).</summary>
    public string? Raw { get; }

    /// <summary>The normalized value (a phone number in E.164), or <see langword="null"/> when invalid.</summary>
    public string? Value { get; }

    /// <summary>For a phone number, the extension digits if one was given ("extension 12"), otherwise <see langword="null"/>.</summary>
    public string? Extension { get; }

    /// <summary>
    /// Why the value is invalid, written so the model can ask again (it quotes what was understood, so treat it as
    /// personal data: send it to the model, log it only at Trace); <see langword="null"/> when valid.
    /// </summary>
    public string? Error { get; }

    /// <summary>Whether the value is valid, in which case <see cref="Value"/> is set.</summary>
    public bool IsValid => Error is null;

    /// <summary>The field's lower-case name as used in tool arguments and errors: <c>name</c>, <c>email</c> or <c>phone</c>.</summary>
    public string FieldName => GetFieldName(Field);

    /// <summary>Gets the lower-case argument name of a field.</summary>
    /// <param name="field">The field.</param>
    /// <returns><c>name</c>, <c>email</c> or <c>phone</c>.</returns>
    public static string GetFieldName(ContactField field) => field switch
    {
        ContactField.Name => "name",
        ContactField.Email => "email",
        ContactField.Phone => "phone",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <inheritdoc/>
    /// <remarks>Only the field and whether it is valid, never the value or <see cref="Error"/>, so it is safe to log.</remarks>
    public override string ToString() => IsValid ? $"{FieldName}: valid" : $"{FieldName}: invalid";

    internal static ContactFieldResult Success(ContactField field, string? raw, string value, string? extension = null)
        => new(field, raw, value, extension, error: null);

    internal static ContactFieldResult Failure(ContactField field, string? raw, string error)
        => new(field, raw, value: null, extension: null, error);
}
