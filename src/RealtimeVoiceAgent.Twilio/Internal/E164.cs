namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>The E.164 form Twilio gives a phone caller's number in: <c>+</c>, then 7 to 15 digits, the first not 0.</summary>
internal static class E164
{
    // What Twilio puts in From when the caller's number is withheld: the words spelled on a keypad (ANONYMOUS, RESTRICTED,
    // BLOCKED, UNAVAILABLE, UNKNOWN). They look like numbers but reach nobody.
    private static readonly string[] s_withheld = ["+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"];

    /// <summary>Whether <paramref name="number"/> is a caller's E.164 number; false for what Twilio sends for other callers (<c>anonymous</c>, <c>client:…</c>, <c>sip:…</c>, a withheld number).</summary>
    public static bool IsValid(string? number)
    {
        if (number is null || number.Length is < 8 or > 16 || number[0] != '+' || number[1] == '0' || System.Array.IndexOf(s_withheld, number) >= 0)
        {
            return false;
        }

        for (var i = 1; i < number.Length; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return false;
            }
        }

        return true;
    }
}
