using System;
using System.Globalization;

namespace RealtimeVoiceAgent.Tests.Fuzz;

/// <summary>
/// How long the fuzz tests run. <c>VOICECONTACTS_FUZZ_ITERATIONS</c> sets the calls each fuzz test makes (CI runs each
/// test's small default); a failure prints CsCheck's seed, and <c>CsCheck_Seed=&lt;seed&gt;</c> replays it (docs/deployment.md).
/// </summary>
internal static class FuzzSettings
{
    public const string IterationsVariable = "VOICECONTACTS_FUZZ_ITERATIONS";

    /// <summary>The iterations to run: the variable when set, else <paramref name="ciDefault"/>.</summary>
    public static int Iterations(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0
            ? iterations
            : ciDefault;
}
