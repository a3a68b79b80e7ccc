using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Tests;
using Xunit;

namespace RealtimeVoiceAgent.Testing.Tests;

public class FakeRealtimeServerScriptTests
{
    private const string ManualTurnsWithTranscription =
        """{"type":"session.update","session":{"type":"realtime","audio":{"input":{"transcription":{"model":"gpt-4o-transcribe"},"turn_detection":null}}}}""";

    [Fact]
    public async Task Commit_WithoutTurnDetection_PlaysTheScriptedTurnOnTheNextResponseCreate()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script.AfterSpeech(turn => turn.Transcript("call me Grace").Say("Hello Grace."));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync(ManualTurnsWithTranscription);
        JsonElement updated = await socket.NextAsync("session.updated");

        // Act: 200 ms of loud audio, committed by hand (push to talk)
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(TestAudio.Tone(200))}}"}""");
        await socket.SendAsync("""{"type":"input_audio_buffer.commit"}""");
        JsonElement committed = await socket.ReceiveAsync() ?? default;
        JsonElement transcript = await socket.NextAsync("conversation.item.input_audio_transcription.completed");
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement spoken = await socket.NextAsync("response.output_audio_transcript.done");

        // Assert
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("turn_detection").ValueKind);
        Assert.Equal("audio/pcm", updated.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal("input_audio_buffer.committed", committed.GetProperty("type").GetString());
        Assert.Equal("call me Grace", transcript.GetProperty("transcript").GetString());
        Assert.Equal(committed.GetProperty("item_id").GetString(), transcript.GetProperty("item_id").GetString());
        Assert.Equal("Hello Grace.", spoken.GetProperty("transcript").GetString());
    }

    [Fact]
    public async Task UserText_ScriptedTypedTurn_AnswersTheNextResponseCreateAheadOfTheQueue()
    {
        // Arrange: a queued response, and a typed turn that must answer first
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script
            .OnResponseCreate(r => r.Say("Queued reply."))
            .AfterUserText(turn => turn.Say("You typed your number."));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");

        // Act: the caller's keypad digits as a user message, then the client asks for the answer (no response starts by itself)
        await socket.SendAsync("""{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"4155550123"}]}}""");
        JsonElement added = await socket.NextAsync("conversation.item.done");
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement first = await socket.NextAsync("response.output_audio_transcript.done");
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement second = await socket.NextAsync("response.output_audio_transcript.done");

        // Assert
        Assert.Equal("4155550123", added.GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(("You typed your number.", "Queued reply."), (first.GetProperty("transcript").GetString(), second.GetProperty("transcript").GetString()));
        Assert.All(server.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task SystemMessageTurn_AnswersTheNextResponseCreateAfterASystemMessageOnly()
    {
        // Arrange: a queued response, and a turn for the agent's system message that must answer first
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script
            .OnResponseCreate(r => r.Say("Queued reply."))
            .AfterSystemMessage(turn => turn.Say("I see you typed your email."));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");

        // Act: a user text message first (not a system one: the system turn waits), then the agent's system message
        await socket.SendAsync("""{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"hello"}]}}""");
        await socket.NextAsync("conversation.item.done");
        await socket.SendAsync("""{"type":"conversation.item.create","item":{"type":"message","role":"system","content":[{"type":"input_text","text":"The caller typed their email: ada@example.com"}]}}""");
        JsonElement added = await socket.NextAsync("conversation.item.done");
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement first = await socket.NextAsync("response.output_audio_transcript.done");
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement second = await socket.NextAsync("response.output_audio_transcript.done");

        // Assert
        Assert.Equal("system", added.GetProperty("item").GetProperty("role").GetString());
        Assert.Equal(("I see you typed your email.", "Queued reply."), (first.GetProperty("transcript").GetString(), second.GetProperty("transcript").GetString()));
        Assert.All(server.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task AppendedAudio_BelowTheEnergyThreshold_IsNotSpeech()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.SpeechRmsThreshold = 2000;
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");

        // Act: a quiet tone (RMS about 700) for a second, then a marker event the server answers in order
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(TestAudio.Tone(1000, amplitude: 1000))}}"}""");
        await socket.SendAsync("""{"type":"input_audio_buffer.clear"}""");
        JsonElement next = await socket.ReceiveAsync() ?? default;

        // Assert
        Assert.Equal("input_audio_buffer.cleared", next.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Speech_WhileTheModelIsTalking_CancelsTheResponseWithTurnDetected()
    {
        // Arrange: the greeting holds until the test says so; the caller barges in
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script.OnResponseCreate(r => r.Say("Welcome to a very long greeting").HoldUntil(new TaskCompletionSource().Task));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"response.create"}""");
        await socket.NextAsync("response.output_audio.done");

        // Act
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(TestAudio.Tone(100))}}"}""");
        JsonElement started = await socket.NextAsync("input_audio_buffer.speech_started");
        JsonElement done = (await socket.NextAsync("response.done")).GetProperty("response");

        // Assert
        Assert.Equal(0, started.GetProperty("audio_start_ms").GetInt32());
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        Assert.Equal("turn_detected", done.GetProperty("status_details").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SpeechTurn_EndingRightAfterABargeIn_PlaysItsScriptedReply()
    {
        // Arrange: the greeting is still streaming its audio; the caller's whole turn (speech, then the session's 500 ms of
        // silence) arrives in one append, so the turn ends while the cancelled greeting is still finishing
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script
            .OnResponseCreate(r => r.Say("Welcome to a very long greeting", TimeSpan.FromSeconds(20)))
            .AfterSpeech(turn => turn.Transcript("it's me").Say("Hello back."));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"response.create"}""");
        await socket.NextAsync("response.output_audio.delta");

        // Act
        byte[] audio = TestAudio.Tone(200).Concat(TestAudio.Silence(600)).ToArray();
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(audio)}}"}""");
        JsonElement cancelled = (await socket.NextAsync("response.done")).GetProperty("response");
        JsonElement reply = await socket.NextAsync("response.output_audio_transcript.done");

        // Assert: the greeting ended as cancelled, then the turn's reply played (it used to be dropped as "busy")
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("Hello back.", reply.GetProperty("transcript").GetString());
    }

    [Fact]
    public async Task SpeechTurns_AreDetectedInOrderWithTheSilenceDurationOfTheSession()
    {
        // Arrange: server VAD with 100 ms of silence ending a turn, no automatic responses
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"session.update","session":{"type":"realtime","audio":{"input":{"turn_detection":{"type":"server_vad","silence_duration_ms":100,"create_response":false}}}}}""");
        await socket.NextAsync("session.updated");
        byte[] audio = TestAudio.Silence(40).Concat(TestAudio.Tone(200)).Concat(TestAudio.Silence(100)).Concat(TestAudio.Tone(60)).Concat(TestAudio.Silence(120)).ToArray();

        // Act
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(audio)}}"}""");
        JsonElement start1 = await socket.NextAsync("input_audio_buffer.speech_started");
        JsonElement stop1 = await socket.NextAsync("input_audio_buffer.speech_stopped");
        JsonElement start2 = await socket.NextAsync("input_audio_buffer.speech_started");
        JsonElement stop2 = await socket.NextAsync("input_audio_buffer.speech_stopped");
        await socket.SendAsync("""{"type":"input_audio_buffer.clear"}""");
        JsonElement next = await socket.NextAsync("input_audio_buffer.cleared");

        // Assert
        Assert.Equal((40, 340), (start1.GetProperty("audio_start_ms").GetInt32(), stop1.GetProperty("audio_end_ms").GetInt32()));
        Assert.Equal((340, 500), (start2.GetProperty("audio_start_ms").GetInt32(), stop2.GetProperty("audio_end_ms").GetInt32()));
        Assert.NotEqual(start1.GetProperty("item_id").GetString(), start2.GetProperty("item_id").GetString());
        Assert.DoesNotContain(server.ReceivedEvents, e => !e.Accepted);
        Assert.Equal("input_audio_buffer.cleared", next.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Speech_WithoutAScriptedTurn_AnswersWithTheNextQueuedResponse()
    {
        // Arrange: only responses are scripted
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script.OnResponseCreate(r => r.Say("I heard something."));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");

        // Act: speech and the default 500 ms of silence
        byte[] audio = TestAudio.Tone(200).Concat(TestAudio.Silence(520)).ToArray();
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(audio)}}"}""");
        await socket.NextAsync("input_audio_buffer.speech_stopped");
        JsonElement spoken = await socket.NextAsync("response.output_audio_transcript.done");

        // Assert
        Assert.Equal("I heard something.", spoken.GetProperty("transcript").GetString());
    }

    [Fact]
    public async Task ResponseCreate_BeforeTheFunctionOutput_WaitsForTheOutputBeforeStreaming()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script
            .OnResponseCreate(r => r.CallFunction("save_contact", "{}", callId: "call_1"))
            .OnResponseCreate(r => r.Say("Saved."));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"response.create"}""");
        await socket.NextAsync("response.done");

        // Act: ask for the next response first, answer the call afterwards
        await socket.SendAsync("""{"type":"response.create"}""");
        await server.WaitForClientEventAsync("response.create", 2, timeout.Token);
        await socket.SendAsync("""{"type":"conversation.item.create","item":{"type":"function_call_output","call_id":"call_1","output":"{}"}}""");
        var order = new System.Collections.Generic.List<string>();
        while (order.LastOrDefault() != "response.done")
        {
            order.Add((await socket.ReceiveAsync())!.Value.GetProperty("type").GetString()!);
        }

        // Assert: the response was created only after the output was in the conversation
        Assert.True(order.IndexOf("conversation.item.done") < order.IndexOf("response.created"), string.Join(", ", order));
        Assert.Contains("response.output_audio_transcript.done", order);
    }
}
