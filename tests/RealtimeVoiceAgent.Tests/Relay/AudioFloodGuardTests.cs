using System;
using RealtimeVoiceAgent.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

public sealed class AudioFloodGuardTests
{
    private sealed class ManualTimeProvider : TimeProvider
    {
        public long Now { get; set; }

        public override long TimestampFrequency => 1_000_000; // microseconds

        public override long GetTimestamp() => Now;

        public void Advance(TimeSpan by) => Now += (long)by.TotalMicroseconds;
    }

    [Fact]
    public void TryConsume_RealTimeStream_NeverFloods()
    {
        var time = new ManualTimeProvider();
        var guard = new AudioFloodGuard(TimeSpan.FromSeconds(1), time);

        for (var i = 0; i < 10_000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.True(guard.TryConsume(2400, 48000)); // 50 ms every 50 ms
        }
    }

    [Fact]
    public void TryConsume_BurstWithinAllowance_IsAccepted()
    {
        var time = new ManualTimeProvider();
        var guard = new AudioFloodGuard(TimeSpan.FromSeconds(2), time);

        // 2 s of audio at once (a caller catching up after jitter).
        for (var i = 0; i < 40; i++)
        {
            Assert.True(guard.TryConsume(1200, 24000));
        }

        Assert.False(guard.TryConsume(1200, 24000));
    }

    [Fact]
    public void TryConsume_SustainedTwiceRealTime_FloodsOnceTheBurstIsSpent()
    {
        var time = new ManualTimeProvider();
        var guard = new AudioFloodGuard(TimeSpan.FromSeconds(1), time);
        var accepted = 0;

        // 100 ms of audio every 50 ms: the bucket loses 50 ms per step and empties after about 1 s of audio.
        while (guard.TryConsume(2400, 24000))
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            accepted++;
            Assert.True(accepted < 100, "never flooded");
        }

        Assert.InRange(accepted, 15, 25);
    }
}
