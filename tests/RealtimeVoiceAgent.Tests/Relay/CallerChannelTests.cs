using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>Everything bound for the caller goes out in order through one send loop, bounded.</summary>
public sealed class CallerChannelTests
{
    [Fact]
    public async Task RunSendLoopAsync_EventsAndAudio_ReachTheTransportInOrderWithTheirItemIds()
    {
        // Arrange
        var overflows = 0;
        using var channel = new CallerChannel(CallerAudioFormat.Pcm16At24kHz, CallerAudioFormat.Pcm16At24kHz, 64 * 1024, new FakeTimeProvider(), null, () => overflows++);
        var caller = new InMemoryCallerTransport();

        // Act
        channel.Send(CallerEvent.Ready);
        channel.SendAudio(new byte[960], "item_1", 0);
        channel.SendAudio(new byte[960], "item_1", 0);
        channel.Send(CallerEvent.ForText("Hello"));
        channel.SendAudio(new byte[480], "item_2", 0);
        channel.Complete(CallerEvent.ForError("idle_timeout", "The call was idle too long."));
        await channel.RunSendLoopAsync(caller, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        caller.ToCaller.Writer.Complete();

        // Assert
        var sent = await caller.ToCaller.Reader.ReadAllAsync().Select(o => o.Event is null ? $"audio {o.ItemId} {o.Audio!.Length}" : o.Type).ToArrayAsync();
        Assert.Equal(["ready", "audio item_1 960", "audio item_1 960", "text", "audio item_2 480", "error"], sent);
        Assert.Equal(0, overflows);
        Assert.Equal(0, channel.BufferedBytes);
    }

    [Fact]
    public void SendAudio_CallerNotReading_ReportsTheOverflowOnceAndDropsWhatFollows()
    {
        // Arrange: nothing drains the channel
        var overflows = 0;
        using var channel = new CallerChannel(CallerAudioFormat.Pcm16At24kHz, CallerAudioFormat.Pcm16At24kHz, 8 * 1024, new FakeTimeProvider(), null, () => overflows++);

        // Act: 40 KB of audio into an 8 KB channel
        for (var i = 0; i < 40; i++)
        {
            channel.SendAudio(new byte[1024], "item_1", 0);
        }

        channel.Send(CallerEvent.Listening);

        // Assert
        Assert.Equal(1, overflows);
        Assert.InRange(channel.PeakBufferedBytes, 8 * 1024, 10 * 1024);
    }

    [Theory]
    [InlineData(24000, CallerAudioEncoding.Pcm16, 8 * 1024)]
    [InlineData(48000, CallerAudioEncoding.Pcm16, 16 * 1024)]
    [InlineData(16000, CallerAudioEncoding.Pcm16, 4 * 1024)]
    [InlineData(8000, CallerAudioEncoding.G711MuLaw, 4 * 1024)]
    public void BlockSizeFor_CallerFormat_HoldsHundredMillisecondsOfItsAudioInOneBlock(int sampleRate, CallerAudioEncoding encoding, int expected)
    {
        // Arrange
        var format = encoding == CallerAudioEncoding.Pcm16 ? CallerAudioFormat.Pcm16(sampleRate) : CallerAudioFormat.G711MuLaw;

        // Act
        var blockSize = CallerChannel.BlockSizeFor(format);

        // Assert
        Assert.Equal(expected, blockSize);
        Assert.True(blockSize >= 13 + (sampleRate / 10 * format.BytesPerSample));
    }

    [Fact]
    public async Task RunSendLoopAsync_FrameLargerThanABlock_ReachesTheTransportIntact()
    {
        // Arrange: one second of 24 kHz audio is 48,000 bytes, several times the call's 8 KiB block
        using var channel = new CallerChannel(CallerAudioFormat.Pcm16At24kHz, CallerAudioFormat.Pcm16At24kHz, 1024 * 1024, new FakeTimeProvider(), null, () => { });
        var caller = new InMemoryCallerTransport();
        var audio = Enumerable.Range(0, 48_000).Select(i => (byte)(i * 7)).ToArray();

        // Act
        channel.SendAudio(new byte[2400], "item_1", 0);
        channel.SendAudio(audio, "item_1", 0);
        channel.SendAudio(new byte[2400], "item_1", 0);
        channel.Complete(null);
        await channel.RunSendLoopAsync(caller, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        caller.ToCaller.Writer.Complete();

        // Assert
        var sent = await caller.ToCaller.Reader.ReadAllAsync().Select(o => o.Audio!).ToArrayAsync();
        Assert.Equal(3, sent.Length);
        Assert.Equal(audio, sent[1]);
        Assert.Equal(0, channel.BufferedBytes);
    }
}
