using System;
using System.Collections.Generic;
using System.Text;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Live;

// The Live -> seam mapping on its own: turns from the continuous output track, tolerant parsing, no allocation per delta.
public class LiveEventTranslatorTests
{
    private const int Frames = 200;

    private static byte[] AudioDelta(byte[] audio, bool withTimestamps = false) => Encoding.UTF8.GetBytes(withTimestamps
        ? $"{{\"type\":\"session.output_audio.delta\",\"start_ms\":5400,\"end_ms\":5500,\"delta\":\"{Convert.ToBase64String(audio)}\"}}"
        : $"{{\"type\":\"session.output_audio.delta\",\"delta\":\"{Convert.ToBase64String(audio)}\"}}");

    private static List<RealtimeServerEvent> Feed(LiveEventTranslator translator, string json) => Feed(translator, Encoding.UTF8.GetBytes(json));

    private static List<RealtimeServerEvent> Feed(LiveEventTranslator translator, byte[] message)
    {
        var events = new List<RealtimeServerEvent>();
        if (translator.Parse(message) is { } first)
        {
            events.Add(first);
            while (translator.TryTakePending(out RealtimeServerEvent? next))
            {
                events.Add(next);
            }
        }

        return events;
    }

    [Fact]
    public void OutputTrack_SilenceSpeechSilence_OneTurnWithItsTranscript()
    {
        // Arrange
        using var translator = new LiveEventTranslator(() => RealtimeAudioFormat.Pcm16);
        byte[] silence = new byte[4800];

        // Act
        List<RealtimeServerEvent> before = Feed(translator, AudioDelta(silence));
        List<RealtimeServerEvent> words = Feed(translator, """{"type":"session.output_transcript.delta","event_id":"e1","delta":"Hello","start_ms":0,"end_ms":200}""");
        List<RealtimeServerEvent> speech = Feed(translator, AudioDelta(TestAudio.Tone(100), withTimestamps: true));
        var after = new List<RealtimeServerEvent>();
        for (int i = 0; i < 8; i++)
        {
            after.AddRange(Feed(translator, AudioDelta(silence)));
        }

        // Assert: silence outside a turn is dropped; the turn's audio and transcript share its id; 700 ms of silence end it
        Assert.Empty(before);
        var delta = Assert.IsType<RealtimeServerEventResponseOutputAudioTranscriptDelta>(Assert.Single(words));
        var audio = Assert.IsType<RealtimeServerEventResponseOutputAudioDelta>(Assert.Single(speech));
        Assert.Equal(delta.ItemId, audio.ItemId);
        var done = Assert.IsType<RealtimeServerEventResponseOutputAudioTranscriptDone>(Assert.Single(after, e => e is RealtimeServerEventResponseOutputAudioTranscriptDone));
        Assert.Equal("Hello", done.Transcript);
        Assert.Equal(delta.ItemId, done.ItemId);
    }

    [Fact]
    public void StampedOutputAudio_AGapBetweenRanges_IsSilenceThatEndsTheTurn()
    {
        // Arrange: Azure documents start_ms/end_ms on output audio and leaves silence out
        using var translator = new LiveEventTranslator(() => RealtimeAudioFormat.Pcm16);
        string Stamped(int startMs) => $"{{\"type\":\"session.output_audio.delta\",\"start_ms\":{startMs},\"end_ms\":{startMs + 100},\"delta\":\"{Convert.ToBase64String(TestAudio.Tone(100))}\"}}";

        // Act: two deltas back to back, then one after 900 ms of left-out silence (the audio delta instance is reused:
        // its turn id is read before the next message)
        string? firstTurn = Assert.IsType<RealtimeServerEventResponseOutputAudioDelta>(Assert.Single(Feed(translator, Stamped(1000)))).ItemId;
        string? secondTurn = Assert.IsType<RealtimeServerEventResponseOutputAudioDelta>(Assert.Single(Feed(translator, Stamped(1100)))).ItemId;
        List<RealtimeServerEvent> later = Feed(translator, Stamped(2100));

        // Assert
        Assert.Equal(firstTurn, secondTurn);
        Assert.Collection(
            later,
            e => Assert.Equal(firstTurn, Assert.IsType<RealtimeServerEventResponseOutputAudioTranscriptDone>(e).ItemId),
            e => Assert.NotEqual(firstTurn, Assert.IsType<RealtimeServerEventResponseOutputAudioDelta>(e).ItemId));
    }

    [Fact]
    public void CallerFragments_ThenTheModelSpeaks_CallerTurnStartsAndEndsWithItsTranscript()
    {
        // Arrange
        using var translator = new LiveEventTranslator(() => RealtimeAudioFormat.Pcm16);

        // Act
        List<RealtimeServerEvent> first = Feed(translator, """{"type":"session.input_transcript.delta","delta":"my name","start_ms":800,"end_ms":1000}""");
        List<RealtimeServerEvent> second = Feed(translator, """{"type":"session.input_transcript.delta","delta":" is Ada"}""");
        List<RealtimeServerEvent> answer = Feed(translator, AudioDelta(TestAudio.Tone(100)));

        // Assert
        Assert.Collection(
            first,
            e => Assert.Equal(800, Assert.IsType<RealtimeServerEventInputAudioBufferSpeechStarted>(e).AudioStartMs),
            e => Assert.Equal("my name", Assert.IsType<RealtimeServerEventInputAudioTranscriptionDelta>(e).Delta));
        Assert.IsType<RealtimeServerEventInputAudioTranscriptionDelta>(Assert.Single(second));
        Assert.Collection(
            answer,
            e => Assert.IsType<RealtimeServerEventInputAudioBufferSpeechStopped>(e),
            e => Assert.Equal("my name is Ada", Assert.IsType<RealtimeServerEventInputAudioTranscriptionCompleted>(e).Transcript),
            e => Assert.IsType<RealtimeServerEventResponseOutputAudioDelta>(e));
    }

    [Fact]
    public void EscapedBase64_TakesTheSlowPath()
    {
        // Arrange: bytes FB EF BE encode as "++++"; "+" escaped as \u002B is not decoded in place by the fast path
        using var translator = new LiveEventTranslator(() => RealtimeAudioFormat.Pcm16);
        byte[] audio = new byte[4800];
        for (int i = 0; i < audio.Length; i += 3)
        {
            (audio[i], audio[i + 1], audio[i + 2]) = ((byte)0xFB, (byte)0xEF, (byte)0xBE);
        }

        string escaped = Convert.ToBase64String(audio).Replace("+", "\\u002B", StringComparison.Ordinal);

        // Act
        List<RealtimeServerEvent> speech = Feed(translator, $$"""{"type":"session.output_audio.delta","delta":"{{escaped}}"}""");

        // Assert
        Assert.Contains("\\u002B", escaped, StringComparison.Ordinal);
        var delta = Assert.IsType<RealtimeServerEventResponseOutputAudioDelta>(Assert.Single(speech));
        Assert.Equal(audio, delta.Audio.ToArray());
    }

    [Fact]
    public void G711Session_SilenceIsDropped_SpeechIsATurn()
    {
        // Arrange
        using var translator = new LiveEventTranslator(() => RealtimeAudioFormat.Pcmu);

        // Act
        List<RealtimeServerEvent> silent = Feed(translator, AudioDelta(TestAudio.MuLawSilence(100)));
        List<RealtimeServerEvent> speech = Feed(translator, AudioDelta(TestAudio.MuLawTone(100)));

        // Assert
        Assert.Empty(silent);
        Assert.Equal(800, Assert.IsType<RealtimeServerEventResponseOutputAudioDelta>(Assert.Single(speech)).Audio.Length);
    }

    [Fact]
    public void ResponseEvents_UnknownNestedTypes_AreKeptRaw_KnownOnesMapped()
    {
        // Arrange
        using var translator = new LiveEventTranslator(() => RealtimeAudioFormat.Pcm16);

        // Act
        List<RealtimeServerEvent> text = Feed(translator, """{"type":"response.event","delegation_id":"item_1","event":{"type":"response.output_text.delta","item_id":"msg_1","delta":"The"}}""");
        List<RealtimeServerEvent> failed = Feed(translator, """{"type":"response.event","event":{"type":"response.failed","response":{"id":"resp_1"}}}""");
        List<RealtimeServerEvent> delegation = Feed(translator, """{"type":"session.delegation.created","offset_ms":4600,"delegation":{"id":"item_2","type":"delegation","target":"responses","response_id":"resp_2"}}""");

        // Assert
        Assert.Equal("response.event", Assert.IsType<RealtimeServerEventUnknown>(Assert.Single(text)).Type);
        Assert.Equal(RealtimeResponseStatus.Failed, Assert.IsType<RealtimeServerEventResponseDone>(Assert.Single(failed)).Response.Status);
        Assert.Contains("item_2", Assert.IsType<RealtimeServerEventUnknown>(Assert.Single(delegation)).RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAudioDelta_InATurnAfterWarmUp_AllocatesNothingPerDelta()
    {
        // Arrange: the turn is open (its id exists), as during a reply
        byte[] message = AudioDelta(TestAudio.Tone(100));
        using var translator = new LiveEventTranslator(() => RealtimeAudioFormat.Pcm16);
        Feed(translator, message);
        int total = 0;

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Frames; i++)
        {
            var delta = (RealtimeServerEventResponseOutputAudioDelta)translator.Parse(message)!;
            total += delta.Audio.Length;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(Frames * 100 * TestAudio.BytesPerMs, total);
        Assert.Equal(0, allocated);
    }
}
