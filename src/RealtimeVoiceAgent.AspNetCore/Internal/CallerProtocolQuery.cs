using System;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>Reads the caller's opt-in protocol additions from the connect URL's query (docs/client-protocol.md).</summary>
internal static class CallerProtocolQuery
{
    private static readonly int[] s_rates = [8000, 16000, 22050, 24000, 32000, 44100, 48000];

    /// <summary>Parses the query; returns null and an error for an unsupported value.</summary>
    public static CallerProtocolOptions? Parse(IQueryCollection query, out string? error)
    {
        error = null;
        var audio = query["audio"].ToString();
        bool binary;
        if (audio.Length == 0 || audio == "json")
        {
            binary = false;
        }
        else if (audio == "binary")
        {
            binary = true;
        }
        else
        {
            error = "audio must be 'json' or 'binary'.";
            return null;
        }

        if (!TryRate(query, "inputRate", out var inputRate, ref error) || !TryRate(query, "outputRate", out var outputRate, ref error))
        {
            return null;
        }

        return new CallerProtocolOptions
        {
            BinaryAudio = binary,
            InputRate = inputRate,
            OutputRate = outputRate,
            Transcripts = IsOn(query["transcripts"].ToString()),
            ResponseDone = IsOn(query["responseDone"].ToString()),
        };
    }

    private static bool TryRate(IQueryCollection query, string name, out int rate, ref string? error)
    {
        rate = CallerProtocolOptions.ModelSampleRate;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out rate) && Array.IndexOf(s_rates, rate) >= 0)
        {
            return true;
        }

        error = $"{name} must be one of {string.Join(", ", s_rates)}.";
        return false;
    }

    private static bool IsOn(string value) => value is "1" or "true";
}
