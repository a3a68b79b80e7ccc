using System;
using System.Buffers;
using System.Text;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>The exact messages sent to Twilio.</summary>
public sealed class TwilioMessageWriterTests
{
    [Fact]
    public void WriteMedia_AudioWhoseBase64HasPlusAndSlash_WrittenUnescaped()
    {
        using var writer = new TwilioMessageWriter("MZ18ad3ab5a668481ce02b83e7395059f0");
        var output = new ArrayBufferWriter<byte>();
        byte[] audio = [0xFB, 0xEF, 0xBE, 0xFF, 0xFF]; // "++++//8="

        writer.WriteMedia(output, audio);

        Assert.Equal("""{"event":"media","streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","media":{"payload":"++++//8="}}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteMark_Name_WrittenWithStreamSid()
    {
        using var writer = new TwilioMessageWriter("MZ1");
        var output = new ArrayBufferWriter<byte>();

        writer.WriteMark(output, "item_abc:1200");

        Assert.Equal("""{"event":"mark","streamSid":"MZ1","mark":{"name":"item_abc:1200"}}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteClear_AfterOtherMessages_OnlyTheClear()
    {
        using var writer = new TwilioMessageWriter("MZ1");
        var output = new ArrayBufferWriter<byte>();
        writer.WriteMedia(output, [1, 2, 3]);
        output.ResetWrittenCount();

        writer.WriteClear(output);

        Assert.Equal("""{"event":"clear","streamSid":"MZ1"}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
