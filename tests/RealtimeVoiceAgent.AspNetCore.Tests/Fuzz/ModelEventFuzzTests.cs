using System;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Fuzz;
using Xunit;
using static RealtimeVoiceAgent.Tests.Fuzz.FuzzGen;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Fuzz;

/// <summary>
/// Fuzzes what the model sends: valid server events (a response with audio, captions and tool calls, speech, errors)
/// mutated, truncated, split into fragments, as binary frames, and calls where the model leaves a message unfinished and
/// drops. The relay must ignore what it cannot use (the call goes on: the caller still gets a model error relayed and its
/// audio still reaches the model) or end the call as <c>model_disconnected</c>; never an internal error, a crash or a hang.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ModelEventFuzzTests
{
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(60);

    private static readonly Gen<string> s_id = Gen.Frequency((6, Gen.OneOf("\"item_fz1\"", "\"item_fz2\"", "\"resp_fz1\"", "\"call_fz1\"")), (1, JsonString));
    private static readonly Gen<string> s_index = Gen.Frequency((6, Gen.Int[0, 2].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))), (1, JsonScalar));
    private static readonly Gen<string> s_text = Gen.Frequency((3, Gen.OneOf("\"Hello\"", "\"my name is Ada\"", "\"ada at example dot com\"")), (1, JsonString));

    // The arguments of a tool call: a JSON object encoded as a JSON string, as the service sends them.
    private static readonly Gen<string> s_arguments = Object(
            Field("name", s_text), Field("email", s_text), Field("phone", Gen.OneOf("\"+14155552671\"", "\"555\"")), Field("field", Gen.OneOf("\"name\"", "\"email\"", "\"phone\"")), Field("value", s_text))
        .Select(json => JsonSerializer.Serialize(json));

    private static readonly Gen<string> s_event = AnyOf(
        Object(Required("type", Q("response.created")), Required("event_id", Q("ev")), Field("response", Object(Required("id", s_id), Required("object", Q("realtime.response")), Field("status", Gen.OneOf("\"in_progress\"", "\"completed\"")), Required("output", Gen.Const("[]"))))),
        Object(Required("type", Q("response.output_item.added")), Field("response_id", s_id), Field("output_index", s_index), Field("item", Object(Required("id", s_id), Field("type", Gen.OneOf("\"message\"", "\"function_call\"")), Field("role", Q("assistant")), Field("status", Q("in_progress")), Field("content", Gen.Const("[]"))))),
        Object(Required("type", Q("response.output_audio.delta")), Field("response_id", s_id), Field("item_id", s_id), Field("output_index", s_index), Field("content_index", s_index), Field("delta", Base64(0, 4800))),
        Object(Required("type", Q("response.output_audio_transcript.delta")), Field("response_id", s_id), Field("item_id", s_id), Field("content_index", s_index), Field("delta", s_text)),
        Object(Required("type", Q("response.output_audio_transcript.done")), Field("response_id", s_id), Field("item_id", s_id), Field("content_index", s_index), Field("transcript", s_text)),
        Object(Required("type", Q("response.output_audio.done")), Field("response_id", s_id), Field("item_id", s_id), Field("content_index", s_index)),
        Object(Required("type", Q("response.function_call_arguments.done")), Field("response_id", s_id), Field("item_id", s_id), Field("call_id", s_id), Field("name", Gen.OneOf("\"save_contact\"", "\"record_contact_field\"", "\"update_contact\"", "\"end_call\"", "\"no_such_tool\"")), Field("arguments", s_arguments)),
        Object(Required("type", Q("response.done")), Field("response", Object(Required("id", s_id), Field("status", Gen.OneOf("\"completed\"", "\"cancelled\"", "\"failed\"", "\"incomplete\"")), Field("output", Gen.Const("[]")), Field("usage", Object(Field("total_tokens", s_index), Field("input_tokens", s_index), Field("output_tokens", s_index)))))),
        Object(Required("type", Q("input_audio_buffer.speech_started")), Field("audio_start_ms", s_index), Field("item_id", s_id)),
        Object(Required("type", Q("input_audio_buffer.speech_stopped")), Field("audio_end_ms", s_index), Field("item_id", s_id)),
        Object(Required("type", Q("conversation.item.input_audio_transcription.completed")), Field("item_id", s_id), Field("content_index", s_index), Field("transcript", s_text)),
        Object(Required("type", Q("error")), Field("error", Object(Field("type", Q("invalid_request_error")), Field("code", s_text), Field("message", s_text), Field("param", JsonScalar), Field("event_id", JsonScalar)))),
        Object(Required("type", Q("rate_limits.updated")), Field("rate_limits", Gen.Const("[{\"name\":\"requests\",\"limit\":1000,\"remaining\":999,\"reset_seconds\":1}]"))),
        Object(Required("type", Q("session.updated")), Field("session", Object(Field("id", s_id), Field("type", Q("realtime"))))),
        Object(Required("type", Q("conversation.item.truncated")), Field("item_id", s_id), Field("content_index", s_index), Field("audio_end_ms", s_index)),
        Object(Required("type", JsonString), Field("x", JsonValue)),
        JsonValue);

    private static readonly Gen<FuzzFrame> s_frame = Gen.Frequency(
        (10, TextFrame(s_event, oversizeBytes: 64 * 1024)),
        (1, BinaryFrame(512)));

    private static readonly Gen<ModelFuzzCall> s_call = Gen.Select(
        s_frame.Array[1, 16],
        Gen.Frequency((6, Gen.Const(ModelEnding.None)), (1, Gen.Const(ModelEnding.UnfinishedThenDrop)), (1, Gen.Const(ModelEnding.Close))),
        (frames, ending) => new ModelFuzzCall(frames, ending));

    [Fact]
    public async Task Fuzz_ModelEvents_CallGoesOnOrEndsAsModelDisconnected_AndLeavesNothingBehind()
    {
        using var unobserved = new UnobservedTaskExceptions();
        // Every call comes from 127.0.0.1; a dropped model connection ends the call here (reconnecting has its own tests:
        // CallRelayReconnectTests, ModelReconnectTests), so each fuzzed call's end is the model side's to observe.
        await using var context = await CallTestContext.StartAsync(o =>
        {
            o.ConnectionsPerIpPerWindow = 0;
            o.ModelReconnectTimeout = TimeSpan.Zero;
        });
        var probe = 0;

        await RunCallAsync(context, new ModelFuzzCall([], ModelEnding.None), Interlocked.Increment(ref probe));
        var baseline = FuzzMemory.Measure();

        await FuzzRun.SampleAsync(s_call, call => RunCallAsync(context, call, Interlocked.Increment(ref probe)), ciIterations: 30, call => call.ToString());

        Assert.InRange(FuzzMemory.Measure() - baseline, long.MinValue, FuzzMemory.AllowedGrowthBytes);
        Assert.Empty(unobserved.Collect());
    }

    private static async Task RunCallAsync(CallTestContext context, ModelFuzzCall call, int probe)
    {
        using var timeout = new CancellationTokenSource(s_callTimeout);
        var observer = context.Host.Observer;
        observer.StartedCalls.Clear(); // the calls before this one (and what they hold) are done with
        observer.EndedCalls.Clear();
        var model = context.Model;
        await using var caller = await FuzzCaller.ConnectAsync(context.Host.CallUri(), timeout.Token);
        Assert.True(await caller.WaitForReadyAsync(timeout.Token), "The call closed before ready.");
        var connection = model.ConnectionCount;

        foreach (var frame in call.Frames)
        {
            if (!await TrySendAsync(model, frame, timeout.Token))
            {
                break;
            }
        }

        var modelEnded = false;
        try
        {
            switch (call.Ending)
            {
                case ModelEnding.UnfinishedThenDrop:
                    await model.SendFrameAsync("{\"type\":\"response.output_audio.delta\",\"delta\":\"AAAA"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
                    model.DropConnection();
                    modelEnded = true;
                    break;
                case ModelEnding.Close:
                    await model.CloseConnectionAsync(WebSocketCloseStatus.NormalClosure, "fuzz", timeout.Token);
                    modelEnded = true;
                    break;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            modelEnded = true; // the connection was already gone
        }

        // Still up both ways: a model error reaches the caller, and the caller's audio reaches the model.
        var probeText = $"fuzz_probe_{probe}";
        var answered = !modelEnded
            && await ModelErrorReachesCallerAsync(model, caller, probeText, timeout.Token)
            && await AudioReachesModelAsync(model, connection, caller, timeout.Token);
        // A call whose model went away (or broke the protocol) must end by itself: hanging up first would race it, and a
        // relay that never notices hangs the test into its timeout.
        var status = answered ? await caller.HangUpAsync(timeout.Token) : await caller.Closed.WaitAsync(timeout.Token);
        while (observer.ActiveCalls != 0)
        {
            await Task.Delay(10, timeout.Token); // the call's cleanup runs after the close handshake
        }

        var ended = Assert.Single(observer.EndedCalls);

        var codes = caller.Errors.Select(e => e.Code).ToList();
        Assert.DoesNotContain("internal_error", codes);
        Assert.All(codes, code => Assert.Contains(code, new[] { "model_error", "model_disconnected" }));
        if (answered)
        {
            Assert.Equal(CallEndReason.CallerClosed, ended.EndReason);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        }
        else
        {
            // Ended by the model's side: as model_disconnected (1011), or by the agent's end_call (1000, completed).
            Assert.True(
                (ended.EndReason == CallEndReason.ModelDisconnected && status == WebSocketCloseStatus.InternalServerError && codes.Contains("model_disconnected"))
                || (ended.EndReason == CallEndReason.Completed && status == WebSocketCloseStatus.NormalClosure),
                $"The call ended as {ended.EndReason} with {status}; errors: {string.Join("; ", caller.Errors.Select(e => $"{e.Code}: {e.Data}"))}");
        }
    }

    private static async Task<bool> TrySendAsync(FakeRealtimeServer model, FuzzFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            var start = 0;
            foreach (var cut in frame.Cuts.Where(c => c > 0 && c < frame.Payload.Length).Distinct().Order())
            {
                await model.SendFrameAsync(frame.Payload.AsMemory(start, cut - start), frame.Type, endOfMessage: false, cancellationToken);
                start = cut;
            }

            await model.SendFrameAsync(frame.Payload.AsMemory(start), frame.Type, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false; // the relay closed the model connection (the call ended)
        }
    }

    // The model sends an error; true when the caller gets it as model_error, false when the call closed first. The relay
    // takes the first error after a truncate it sent (an interruption) as the model's answer to that truncate and only logs
    // it (errors are correlated by order: docs/client-protocol.md), so the error is sent again until one comes through.
    private static async Task<bool> ModelErrorReachesCallerAsync(FakeRealtimeServer model, FuzzCaller caller, string message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            try
            {
                await model.SendErrorAsync("server_error", message, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return false; // the relay closed the model connection (the call ended)
            }

            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(TimeSpan.FromSeconds(5)); // not an assertion: only when to send the error again
            try
            {
                return await caller.WaitForErrorContainingAsync(message, attemptTimeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Taken as the answer to a truncate: send it again.
            }
        }

        return false;
    }

    // Sends 10 ms of audio; true when this call's model connection gets it as an append, false when the call closed first.
    private static async Task<bool> AudioReachesModelAsync(FakeRealtimeServer model, int connection, FuzzCaller caller, CancellationToken cancellationToken)
    {
        var before = model.ReceivedEvents.Count(e => e.Connection == connection && e.Type == "input_audio_buffer.append");
        var appended = model.WaitForMatchingClientEventAsync(e => e.Connection == connection && e.Type == "input_audio_buffer.append", before + 1, cancellationToken);
        if (!await caller.TrySendTextAsync("{\"type\":\"audio_chunk\",\"data\":\"" + Convert.ToBase64String(new byte[480]) + "\"}", cancellationToken))
        {
            return false;
        }

        await Task.WhenAny(appended, caller.Closed);
        return appended.IsCompletedSuccessfully;
    }

    private static Gen<string> Q(string value) => Gen.Const(Quote(value));

    /// <summary>How the model side of a fuzzed call ends: not at all, a message left unfinished then a dropped connection, or a close.</summary>
    private enum ModelEnding
    {
        None,
        UnfinishedThenDrop,
        Close,
    }

    /// <summary>One fuzzed call: the frames the model sends, then how it ends.</summary>
    private sealed record ModelFuzzCall(FuzzFrame[] Frames, ModelEnding Ending)
    {
        public override string ToString() => $"{Ending}" + Environment.NewLine + string.Join(Environment.NewLine, Frames.Select(f => "  " + f));
    }
}
