using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>The outcome of normalizing one spoken contact field: the normalized value, or why it is invalid.</summary>
public sealed class ContactFieldResult
{
    // Errors end with advice to the model as a last clause ("…; ask the caller to spell it again"), which the caller's
    // Reason leaves out.
    private static readonly string[] s_adviceClauses = ["; ask ", "; read "];

    private ContactFieldResult(ContactField field, string? raw, string? value, string? extension, string? displayValue, string? readBack, string? error)
    {
        Field = field;
        Raw = raw;
        Value = value;
        Extension = extension;
        DisplayValue = displayValue;
        ReadBack = readBack;
        Error = error;
        Reason = error is null ? null : WithoutAdvice(error);
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
    /// How to show the value, or <see langword="null"/> when invalid: a phone number in international format with its
    /// extension (<c>+1 415-555-2671 ext. 12</c>); a name or email as <see cref="Value"/>.
    /// </summary>
    public string? DisplayValue { get; }

    /// <summary>
    /// What to say to read the value back to the caller, or <see langword="null"/> when invalid: an email's name part letter
    /// by letter and its domain in words where they are unambiguous (<c>A D A dot L O V E at gmail dot com</c>), a phone
    /// number in its digit groups (<c>four one five, five five five, two six seven one</c>), a name as it is.
    /// </summary>
    public string? ReadBack { get; }

    /// <summary>
    /// Why the value is invalid, written so the model can ask again (it quotes what was understood, so treat it as
    /// personal data: send it to the model, log it only at Trace); <see langword="null"/> when valid.
    /// </summary>
    public string? Error { get; }

    /// <summary>
    /// Why the value is invalid, for the caller: <see cref="Error"/> without its advice to the model, to show after the
    /// field's name ("Phone '+1 555-012-3456' is not a valid US phone number …"); <see langword="null"/> when valid.
    /// </summary>
    public string? Reason { get; }

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

    private static string WithoutAdvice(string error)
    {
        foreach (string clause in s_adviceClauses)
        {
            int advice = error.IndexOf(clause, StringComparison.Ordinal);
            if (advice > 0)
            {
                return error[..advice] + ".";
            }
        }

        return error;
    }

    // The same result for the value as it was first given.
    internal ContactFieldResult WithRaw(string? raw) => new(Field, raw, Value, Extension, DisplayValue, ReadBack, Error);

    internal static ContactFieldResult Success(ContactField field, string? raw, string value, string readBack, string? extension = null, string? displayValue = null)
        => new(field, raw, value, extension, displayValue ?? value, readBack, error: null);

    internal static ContactFieldResult Failure(ContactField field, string? raw, string error)
        => new(field, raw, value: null, extension: null, displayValue: null, readBack: null, error);
}
