using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;
using RealtimeVoiceAgent.Tests.Fuzz;
using Xunit;
using static RealtimeVoiceAgent.Tests.Fuzz.FuzzGen;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Fuzz;

/// <summary>
/// Fuzzes the browser caller protocol end to end: random and mutated JSON and binary messages, split into fragments at odd
/// boundaries, sent over a real loopback WebSocket to <c>MapVoiceAgent</c> with the contact agent and a fake model. Each
/// call must go on (a probe message is still answered) or end with a documented close; once it is closed the call is gone;
/// no task faults unobserved; managed memory stays bounded. <c>VOICECONTACTS_FUZZ_ITERATIONS</c> sets the number of calls,
/// <c>CsCheck_Seed</c> replays a failure.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class CallerMessageFuzzTests
{
    private const int MaxFrameBytes = 16 * 1024;
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(60);

    private static readonly Gen<string> s_playedMs = Gen.Frequency((4, Gen.Int[0, 60_000].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))), (1, JsonScalar));

    private static readonly Gen<string> s_message = Gen.Frequency(
        (6, Object(Required("type", TypeOr("audio_chunk")), Field("data", Base64(0, 2400)))),
        (2, Object(Required("type", TypeOr("cancel")), Field("itemId", JsonString), Field("playedMs", s_playedMs))),
        (2, Object(Required("type", TypeOr("playback")), Field("itemId", JsonString), Field("playedMs", s_playedMs))),
        (2, Object(
            Required("type", TypeOr("contact_field_edit")),
            Field("field", Gen.OneOf("\"name\"", "\"email\"", "\"phone\"", "\"age\"")),
            Field("value", Gen.Frequency((2, Gen.OneOf("\"Ada Lovelace\"", "\"ada@example.com\"", "\"+14155552671\"", "\"a d a at example dot com\"")), (1, JsonString))))),
        (1, Object(Required("type", JsonString), Field("payload", JsonValue))),
        (1, Object(Field("type", JsonValue), Field("data", JsonValue))),
        (1, JsonValue));

    private static readonly Gen<FuzzFrame> s_frame = Gen.Frequency(
        (8, TextFrame(s_message, MaxFrameBytes)),
        (2, BinaryFrame(4800)),
        (1, BinaryFrame(MaxFrameBytes + 64)));

    private static readonly Gen<FuzzCall> s_call = Gen.Select(
        Gen.OneOf("", "audio=binary", "audio=binary&inputRate=16000&outputRate=48000", "transcripts=1&responseDone=1"),
        s_frame.Array[1, 12],
        (query, frames) => new FuzzCall(query, frames));

    [Fact]
    public async Task Fuzz_CallerMessages_CallGoesOnOrClosesAsDocumented_AndLeavesNothingBehind()
    {
        using var unobserved = new UnobservedTaskExceptions();
        await using var context = await CallTestContext.StartAsync(o =>
        {
            o.MaxFrameBytes = MaxFrameBytes;
            o.ConnectionsPerIpPerWindow = 0; // every call comes from 127.0.0.1
        });
        var probe = 0;

        // Warm-up: one plain call, so the memory baseline holds what every call's first use loads once.
        await RunCallAsync(context, new FuzzCall("", [FuzzFrame.Text("{\"type\":\"cancel\"}")]), Interlocked.Increment(ref probe));
        var baseline = FuzzMemory.Measure();

        await FuzzRun.SampleAsync(s_call, call => RunCallAsync(context, call, Interlocked.Increment(ref probe)), ciIterations: 40, call => call.ToString());

        Assert.InRange(FuzzMemory.Measure() - baseline, long.MinValue, FuzzMemory.AllowedGrowthBytes);
        Assert.Empty(unobserved.Collect());
    }

    // One call: send the frames, probe that the call goes on, hang up; then check how it ended and that it is gone.
    private static async Task RunCallAsync(CallTestContext context, FuzzCall call, int probe)
    {
        using var timeout = new CancellationTokenSource(s_callTimeout);
        var observer = context.Host.Observer;
        observer.StartedCalls.Clear(); // the calls before this one (and what they hold) are done with
        observer.EndedCalls.Clear();
        await using var caller = await FuzzCaller.ConnectAsync(context.Host.CallUri(call.Query), timeout.Token);
        Assert.True(await caller.WaitForReadyAsync(timeout.Token), "The call closed before ready.");

        foreach (var frame in call.Frames)
        {
            if (!await frame.TrySendAsync(caller.Socket, timeout.Token))
            {
                break;
            }
        }

        // Still up: an unknown type is answered with bad_message naming it, so the call still reads and answers.
        var probeType = $"fuzz_probe_{probe}";
        var answered = caller.Socket.State == WebSocketState.Open
            && await caller.TrySendTextAsync($"{{\"type\":\"{probeType}\"}}", timeout.Token)
            && await caller.WaitForErrorContainingAsync(probeType, timeout.Token);
        var status = await caller.HangUpAsync(timeout.Token);
        while (observer.ActiveCalls != 0)
        {
            await Task.Delay(10, timeout.Token); // the call's cleanup runs after the close handshake
        }

        var ended = Assert.Single(observer.EndedCalls);

        // Closed by the server before the probe was answered: only for what the protocol closes on. A text frame that is not
        // UTF-8 is refused by the WebSocket layer itself (RFC 6455): it sends 1007 and drops the connection, so the caller
        // may see the drop (no close status) rather than the close frame. An oversize frame ends the call as FrameTooLarge
        // with 1009; once in about 500 calls on a loaded machine the caller saw the connection drop instead (see the report
        // in docs/architecture.md, "Fuzz tests"), so that is accepted when the server ended the call for that reason.
        var oversize = call.Frames.Any(f => f.Payload.Length > MaxFrameBytes);
        var invalidText = call.Frames.Any(f => f.IsInvalidText);
        if (!answered)
        {
            Assert.True(
                (status is WebSocketCloseStatus.MessageTooBig or null && oversize && ended.EndReason == CallEndReason.FrameTooLarge)
                || (status is WebSocketCloseStatus.InvalidPayloadData or null && invalidText && ended.EndReason == CallEndReason.CallerClosed),
                $"The call closed with {status} ({ended.EndReason}) before the probe was answered; errors: {Describe(caller)}");
        }
        else
        {
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
            Assert.Equal(CallEndReason.CallerClosed, ended.EndReason);
        }

        Assert.All(caller.Errors, e => Assert.Contains(e.Code, new[] { "bad_message", "frame_too_large", "model_error" }));
    }

    private static Gen<string> TypeOr(string type) => Gen.Frequency((12, Gen.Const(Quote(type))), (1, JsonValue));

    private static string Describe(FuzzCaller caller) => string.Join("; ", caller.Errors.Select(e => $"{e.Code}: {e.Data}"));

    /// <summary>One fuzzed call: the connect query and the messages sent.</summary>
    private sealed record FuzzCall(string Query, FuzzFrame[] Frames)
    {
        public override string ToString() => $"?{Query}" + Environment.NewLine + string.Join(Environment.NewLine, Frames.Select(f => "  " + f));
    }
}
