using System;

namespace RealtimeVoiceAgent.Contacts;

// What a caller says before the value itself ("my email is …"), which a speech model sometimes passes on with it. Only
// at the very start, and only these phrases: "my name is Ada" is Ada, and nothing inside a value is touched.
internal static class SpokenPreamble
{
    private static readonly string[] s_name = ["my full name is", "my name is", "name is", "this is", "i am", "i'm", "it's", "it is"];

    private static readonly string[] s_email =
        ["my email address is", "my e-mail address is", "my email is", "my e-mail is", "email address is", "email is", "email:", "e-mail:", "it's", "it is"];

    private static readonly string[] s_phone =
        ["my phone number is", "my mobile number is", "my cell number is", "my number is", "phone number is", "number is", "phone:", "call me at", "reach me at", "it's", "it is"];

    internal static string Strip(ContactField field, string text)
    {
        string[] phrases = field switch
        {
            ContactField.Name => s_name,
            ContactField.Email => s_email,
            _ => s_phone,
        };
        // Words apart by any white space, as the field's own rules read them; then again and again ("it's, my name is
        // Ada"), so a stripped value never starts with one: normalizing stays idempotent.
        string stripped = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        for (string? next = StripOnce(phrases, stripped); next is not null; next = StripOnce(phrases, stripped))
        {
            stripped = next;
        }

        return stripped;
    }

    private static string? StripOnce(string[] phrases, string text)
    {
        string trimmed = text.TrimStart();
        foreach (string phrase in phrases)
        {
            if (trimmed.Length > phrase.Length && trimmed.StartsWith(phrase, StringComparison.OrdinalIgnoreCase)
                && (phrase[^1] == ':' || trimmed[phrase.Length] is ' ' or ',' or ':' or ';'))
            {
                return trimmed[phrase.Length..].TrimStart(' ', ':', ',', ';');
            }
        }

        return null;
    }
}
