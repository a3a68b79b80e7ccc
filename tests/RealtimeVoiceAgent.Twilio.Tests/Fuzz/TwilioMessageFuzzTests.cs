using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Fuzz;
using RealtimeVoiceAgent.Twilio.Tests.Infrastructure;
using Xunit;
using static RealtimeVoiceAgent.Tests.Fuzz.FuzzGen;

namespace RealtimeVoiceAgent.Twilio.Tests.Fuzz;

/// <summary>
/// Fuzzes Twilio's side of a phone call end to end: after a valid <c>connected</c> and <c>start</c>, random and mutated
/// <c>media</c>, <c>mark</c>, <c>dtmf</c>, <c>stop</c> and unknown messages (and binary and oversized ones), split into
/// fragments at odd boundaries, over a real loopback WebSocket to <c>MapTwilioVoice</c> with the contact agent and a fake
/// model. Malformed messages are skipped, so each call must go on (a probe frame's audio still reaches the model) unless
/// Twilio said <c>stop</c> or the WebSocket layer refused invalid UTF-8; once closed the call is gone; no task faults
/// unobserved; managed memory stays bounded. <c>VOICECONTACTS_FUZZ_ITERATIONS</c> sets the number of calls, <c>CsCheck_Seed</c> replays a failure.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class TwilioMessageFuzzTests
{
    private const string StreamSid = "MZ00000000000000000000000000000001";
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(60);
    private static readonly Gen<string> s_streamSid = Gen.Frequency((8, Gen.Const(Quote(StreamSid))), (1, JsonString));
    private static readonly Gen<string> s_sequence = Gen.Frequency((6, Gen.Int[1, 10_000].Select(i => Quote(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))), (1, JsonScalar));

    private static readonly Gen<string> s_message = Gen.Frequency(
        (8, Object(
            Required("event", EventOr("media")), Field("sequenceNumber", s_sequence), Field("streamSid", s_streamSid),
            Field("media", Object(Field("track", Gen.OneOf("\"inbound\"", "\"outbound\"", "\"inbound_track\"")), Field("chunk", s_sequence), Field("timestamp", s_sequence), Field("payload", Gen.Frequency((4, Base64(160, 160)), (1, Base64(0, 400)), (1, Gen.Const("\"AAA\\/AAA=\"")))))))),
        (2, Object(Required("event", EventOr("mark")), Field("sequenceNumber", s_sequence), Field("streamSid", s_streamSid), Field("mark", Object(Field("name", JsonString))))),
        (2, Object(Required("event", EventOr("dtmf")), Field("sequenceNumber", s_sequence), Field("streamSid", s_streamSid), Field("dtmf", Object(Field("track", Gen.Const("\"inbound_track\"")), Field("digit", Gen.Frequency((4, Gen.OneOf("\"1\"", "\"5\"", "\"*\"", "\"#\"", "\"A\"")), (1, JsonString))))))),
        (1, Object(Required("event", Gen.OneOf("\"connected\"", "\"start\"", "\"stop\"")), Field("sequenceNumber", s_sequence), Field("streamSid", s_streamSid))),
        (1, Object(Required("event", JsonString), Field("x", JsonValue))),
        (1, Object(Field("event", JsonValue), Field("media", JsonValue))),
        (1, JsonValue));

    private static readonly Gen<FuzzFrame> s_frame = Gen.Frequency(
        (10, TextFrame(s_message, oversizeBytes: 70 * 1024)),
        (1, BinaryFrame(400)));

    [Fact]
    public async Task Fuzz_TwilioMessages_CallGoesOnOrClosesAsDocumented_AndLeavesNothingBehind()
    {
        using var unobserved = new UnobservedTaskExceptions();
        await using var host = await TwilioTestHost.StartAsync();
        var headers = new Dictionary<string, string>
        {
            ["X-Twilio-Signature"] = FakeTwilioMediaStream.ComputeSignature(TwilioTestHost.AuthToken, TwilioTestHost.MediaUrl.ToString()),
        };
        var mediaUri = new UriBuilder(host.LocalUrl) { Scheme = "ws", Path = "/twilio/media" }.Uri;

        await RunCallAsync(host, mediaUri, headers, []);
        var baseline = FuzzMemory.Measure();

        await FuzzRun.SampleAsync(s_frame.Array[1, 12], frames => RunCallAsync(host, mediaUri, headers, frames), ciIterations: 30, Describe);

        Assert.InRange(FuzzMemory.Measure() - baseline, long.MinValue, FuzzMemory.AllowedGrowthBytes);
        Assert.Empty(unobserved.Collect());
    }

    private static async Task RunCallAsync(TwilioTestHost host, Uri mediaUri, IReadOnlyDictionary<string, string> headers, FuzzFrame[] frames)
    {
        using var timeout = new CancellationTokenSource(s_callTimeout);
        var observer = host.Observer;
        observer.StartedCalls.Clear(); // the calls before this one (and what they hold) are done with
        observer.EndedCalls.Clear();
        await using var twilio = await FuzzCaller.ConnectAsync(mediaUri, timeout.Token, headers);
        Assert.True(await twilio.TrySendTextAsync("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}", timeout.Token));
        Assert.True(await twilio.TrySendTextAsync(
            "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC00000000000000000000000000000001\",\"streamSid\":\"" + StreamSid +
            "\",\"callSid\":\"CA00000000000000000000000000000001\",\"tracks\":[\"inbound\"],\"customParameters\":{\"from\":\"+14155552671\"}," +
            "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},\"streamSid\":\"" + StreamSid + "\"}",
            timeout.Token));
        while (!(observer.StartedCalls.TryPeek(out var started) && started.IsReady))
        {
            await Task.Delay(10, timeout.Token); // the model session is configured
        }

        var connection = host.Model.ConnectionCount;
        foreach (var frame in frames)
        {
            if (!await frame.TrySendAsync(twilio.Socket, timeout.Token))
            {
                break;
            }
        }

        // Still up: a media frame's audio reaches the model as an append of this call's session.
        var answered = twilio.Socket.State == WebSocketState.Open && await MediaReachesModelAsync(host.Model, connection, twilio, timeout.Token);
        var status = await twilio.HangUpAsync(timeout.Token);
        while (observer.ActiveCalls != 0)
        {
            await Task.Delay(10, timeout.Token); // the call's cleanup runs after the close handshake
        }

        var ended = Assert.Single(observer.EndedCalls);

        // Twilio's side closes a call only by stop (a normal close); invalid UTF-8 text is refused by the WebSocket layer
        // (1007, then the connection is dropped, so the close frame may not be read).
        Assert.Equal(CallEndReason.CallerClosed, ended.EndReason);
        if (!answered)
        {
            var said = frames.Any(f => f.Type == WebSocketMessageType.Text && Encoding.UTF8.GetString(f.Payload).Contains("\"stop\"", StringComparison.Ordinal));
            Assert.True(
                (status == WebSocketCloseStatus.NormalClosure && said) || (status is WebSocketCloseStatus.InvalidPayloadData or null && frames.Any(f => f.IsInvalidText)),
                $"The call closed with {status} before the probe's audio reached the model.");
        }
        else
        {
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        }
    }

    // A media frame of its own bytes (a marker no fuzzed frame has); true when the model gets exactly those bytes appended
    // on this call's session (G.711 passes through), false when the call closed first.
    private static async Task<bool> MediaReachesModelAsync(FakeRealtimeServer model, int connection, FuzzCaller twilio, CancellationToken cancellationToken)
    {
        var marker = Convert.ToBase64String(Enumerable.Range(0, FakeTwilioMediaStream.FrameBytes).Select(i => (byte)(0x20 + (i % 64))).ToArray());
        var appended = model.WaitForMatchingClientEventAsync(
            e => e.Connection == connection && e.Type == "input_audio_buffer.append" && e.Json.Contains(marker, StringComparison.Ordinal),
            cancellationToken: cancellationToken);
        var media = "{\"event\":\"media\",\"sequenceNumber\":\"9999\",\"media\":{\"track\":\"inbound\",\"chunk\":\"9999\",\"timestamp\":\"0\",\"payload\":\"" +
            marker + "\"},\"streamSid\":\"" + StreamSid + "\"}";
        if (!await twilio.TrySendTextAsync(media, cancellationToken))
        {
            return false;
        }

        await Task.WhenAny(appended, twilio.Closed);
        return appended.IsCompletedSuccessfully;
    }

    private static Gen<string> EventOr(string name) => Gen.Frequency((12, Gen.Const(Quote(name))), (1, JsonValue));

    private static string Describe(FuzzFrame[] frames) => Environment.NewLine + string.Join(Environment.NewLine, frames.Select(f => "  " + f));
}
