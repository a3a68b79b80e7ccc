using System;
using System.Text;
using RealtimeVoiceAgent.AspNetCore.Internal;
using Xunit;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Internal;

public sealed class CallerMessageParserTests
{
    private static CallerMessage Parse(string json, byte[]? audio = null) =>
        CallerMessageParser.Parse(Encoding.UTF8.GetBytes(json), audio ?? new byte[1024]);

    [Fact]
    public void Parse_AudioChunk_DecodesBase64IntoTheBuffer()
    {
        // Arrange
        var audio = new byte[16];
        var pcm = new byte[] { 1, 2, 3, 4, 5, 6 };

        // Act
        var message = Parse($"{{\"type\":\"audio_chunk\",\"data\":\"{Convert.ToBase64String(pcm)}\"}}", audio);

        // Assert
        Assert.Equal(CallerMessageType.AudioChunk, message.Type);
        Assert.Equal(pcm, audio.AsSpan(0, message.AudioBytes).ToArray());
    }

    [Fact]
    public void Parse_DataBeforeTypeAndUnknownFields_StillAudioChunk()
    {
        var message = Parse("{\"data\":\"AQID\\/w==\",\"extra\":{\"a\":[1,2]},\"type\":\"audio_chunk\"}");

        Assert.Equal(CallerMessageType.AudioChunk, message.Type);
        Assert.Equal(4, message.AudioBytes);
    }

    [Fact]
    public void Parse_CancelWithPosition_CarriesItemAndPlayedMs()
    {
        var message = Parse("{\"type\":\"cancel\",\"itemId\":\"item_1\",\"playedMs\":1250}");

        Assert.Equal(CallerMessageType.Cancel, message.Type);
        Assert.Equal("item_1", message.ItemId);
        Assert.Equal(1250, message.PlayedMs);
    }

    [Fact]
    public void Parse_SeedCancel_HasNoPosition()
    {
        var message = Parse("{\"type\":\"cancel\"}");

        Assert.Equal(CallerMessageType.Cancel, message.Type);
        Assert.Null(message.ItemId);
        Assert.Null(message.PlayedMs);
    }

    [Theory]
    [InlineData("{\"type\":\"dance\"}", "dance")]
    [InlineData("{\"field\":\"email\",\"type\":\"contact_field_edit\",\"value\":\"a@b.co\",\"itemId\":5}", "contact_field_edit")]
    public void Parse_TypeOfTheApp_IsAppMessageForTheAgent(string json, string type)
    {
        var message = Parse(json);

        Assert.Equal(CallerMessageType.App, message.Type);
        Assert.Equal(type, message.AppType);
    }

    [Theory]
    [InlineData("{not json", "Malformed")]
    [InlineData("{\"type\":\"cancel\"} trailing", "Malformed")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{\"data\":\"AAAA\"}", "JSON object")]
    [InlineData("{\"type\":7}", "\"type\" must be a string")]
    [InlineData("{\"type\":\"\"}", "Unknown message type \"\"")]
    [InlineData("{\"type\":\"audio_chunk\"}", "needs \"data\"")]
    [InlineData("{\"type\":\"audio_chunk\",\"data\":12}", "needs \"data\"")]
    [InlineData("{\"type\":\"audio_chunk\",\"data\":\"@@@@\"}", "not valid base64")]
    [InlineData("{\"type\":\"audio_chunk\",\"data\":\"AA==\"}", "even number of bytes")]
    [InlineData("{\"type\":\"playback\",\"itemId\":\"i\"}", "\"playback\" needs")]
    [InlineData("{\"type\":\"playback\",\"itemId\":\"i\",\"playedMs\":-5}", "non-negative")]
    [InlineData("{\"type\":\"cancel\",\"itemId\":5}", "\"itemId\" must be a string")]
    [InlineData("{\"type\":\"\\ud800\"}", "not valid Unicode")] // found by fuzzing: GetString threw and ended the call
    [InlineData("{\"type\":\"cancel\",\"itemId\":\"a\\ud800b\"}", "not valid Unicode")]
    public void Parse_BadMessage_IsInvalidWithAReason(string json, string reason)
    {
        var message = Parse(json);

        Assert.Equal(CallerMessageType.Invalid, message.Type);
        Assert.Contains(reason, message.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AudioChunkLargerThanTheBuffer_IsInvalid()
    {
        var message = Parse($"{{\"type\":\"audio_chunk\",\"data\":\"{Convert.ToBase64String(new byte[64])}\"}}", new byte[16]);

        Assert.Equal(CallerMessageType.Invalid, message.Type);
    }

    [Fact]
    public void Parse_AudioChunk_AllocatesNothing()
    {
        // Arrange: 50 ms of 24 kHz audio, as the seed's browser sends it.
        var json = Encoding.UTF8.GetBytes($"{{\"type\":\"audio_chunk\",\"data\":\"{Convert.ToBase64String(new byte[2400])}\"}}");
        var audio = new byte[4096];
        CallerMessageParser.Parse(json, audio); // warm up

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            CallerMessageParser.Parse(json, audio);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
    }
}
