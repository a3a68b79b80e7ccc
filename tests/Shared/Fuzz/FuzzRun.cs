using System;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;

namespace RealtimeVoiceAgent.Tests.Fuzz;

/// <summary>
/// Runs a fuzz test's calls one after another with CsCheck (<see cref="FuzzSettings.Iterations"/> of them). The calls share
/// one host, so a call that breaks it makes later ones fail too and CsCheck's shrunk case may not be the cause: a failure
/// also reports the first call that failed.
/// </summary>
internal static class FuzzRun
{
    public static async Task SampleAsync<T>(Gen<T> gen, Func<T, Task> runCall, int ciIterations, Func<T, string> print)
    {
        string? first = null;
        try
        {
            await gen.SampleAsync(
                async input =>
                {
                    try
                    {
                        await runCall(input);
                    }
                    catch (Exception ex)
                    {
                        Interlocked.CompareExchange(ref first, print(input) + Environment.NewLine + ex, null);
                        throw;
                    }
                },
                iter: FuzzSettings.Iterations(ciIterations),
                threads: 1,
                print: print);
        }
        catch (CsCheckException ex) when (first is not null)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}The first call that failed (later ones may have failed because of it):{Environment.NewLine}{first}", ex);
        }
    }
}
