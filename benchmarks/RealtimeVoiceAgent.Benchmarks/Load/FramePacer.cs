using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>
/// Paces 50 ms frames for many participants, spread over the period in <see cref="Slots"/> slots 5 ms apart:
/// participant <c>i</c> sends in slot <c>i % Slots</c>. Independent callers do not all send at the same instant;
/// a single 50 ms tick for everyone would hit the relay with one burst of N frames per period, which no real
/// population of callers produces.
/// </summary>
internal static class FramePacer
{
    public const int Slots = 10;

    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(50);

    /// <summary>Calls <paramref name="onSlot"/> with 0..Slots-1 in turn, one slot every 5 ms (a tenth of <paramref name="period"/>), until cancelled.</summary>
    /// <remarks>A late wake-up runs every slot it missed, in order, so each participant still sends one frame per period.
    /// Phone callers use a 20 ms period (Twilio's frame).</remarks>
    public static async Task RunAsync(Action<int> onSlot, CancellationToken cancellationToken, TimeSpan? period = null)
    {
        var slotLength = (period ?? s_period) / Slots;
        using var timer = new PeriodicTimer(slotLength);
        var clock = Stopwatch.StartNew();
        long done = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var due = (long)(clock.Elapsed / slotLength);
                for (; done < due; done++)
                {
                    onSlot((int)(done % Slots));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
