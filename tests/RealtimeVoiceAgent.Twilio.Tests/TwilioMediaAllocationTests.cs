using System;
using System.Buffers;
using System.Text;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>The per-message work of a phone call (50 media frames a second each way, plus marks) allocates nothing.</summary>
public sealed class TwilioMediaAllocationTests
{
    [Fact]
    public void ReadMediaAndMark_AllocatesNothing()
    {
        // Arrange: a 20 ms frame as Twilio sends it, and the echo of one of our marks.
        var media = Encoding.UTF8.GetBytes($$"""{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"{{Convert.ToBase64String(new byte[160])}}"},"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0"}""");
        var mark = Encoding.UTF8.GetBytes("""{"event":"mark","sequenceNumber":"4","streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","mark":{"name":"item_Cc5Vd2aEf7:1200"}}""");
        var reader = new TwilioMessageReader();
        var marks = new TwilioPlaybackMarks();
        var audio = new byte[1024];
        reader.TryRead(media, audio);
        reader.TryRead(mark, audio);
        marks.TryTakePlayed(reader.MarkName, out _, out _); // warm up (the item id's string is made once per item)

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            reader.TryRead(media, audio);
            reader.TryRead(mark, audio);
            marks.TryTakePlayed(reader.MarkName, out _, out _);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WriteMediaAndMark_AllocatesNothing()
    {
        // Arrange: 100 ms of μ-law, the size of one model audio delta on a phone line.
        using var writer = new TwilioMessageWriter("MZ18ad3ab5a668481ce02b83e7395059f0");
        var marks = new TwilioPlaybackMarks();
        var output = new ArrayBufferWriter<byte>(4096);
        var muLaw = new byte[800];
        var name = new char[64];
        writer.WriteMedia(output, muLaw);
        writer.WriteMark(output, name.AsSpan(0, marks.OnAudioSent("item_Cc5Vd2aEf7", muLaw.Length, name)));

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            output.ResetWrittenCount();
            writer.WriteMedia(output, muLaw);
            writer.WriteMark(output, name.AsSpan(0, marks.OnAudioSent("item_Cc5Vd2aEf7", muLaw.Length, name)));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
    }
}
