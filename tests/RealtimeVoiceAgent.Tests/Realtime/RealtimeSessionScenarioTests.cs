using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Testing;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

public class RealtimeSessionScenarioTests
{
    [Fact]
    public async Task Session_CallerGivesTheirName_ModelSavesItWithAToolThenConfirms()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        CancellationToken ct = timeout.Token;
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(ct);
        server.Script
            .OnResponseCreate(r => r.Say("Hello! What's your name?", TimeSpan.FromMilliseconds(400)))
            .AfterSpeech(turn => turn
                .Transcript("my name is Ada")
                .CallFunction("save_contact", "{\"name\":\"Ada\"}")
                .ThenSay("Thanks Ada, I saved your details."));
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint });
        await using RealtimeSession session = await client.ConnectAsync(ct);
        await using var events = new EventReader(session, ct);

        // Act + Assert: configure
        await events.NextAsync<RealtimeServerEventSessionCreated>();
        var configuration = new RealtimeSessionConfiguration
        {
            Instructions = "Ask for the caller's name and save it.",
            Voice = RealtimeVoice.Marin,
            InputTranscription = new RealtimeTranscriptionOptions { Language = "en" },
            TurnDetection = new RealtimeTurnDetection(RealtimeTurnDetectionType.ServerVad) { SilenceDurationMs = 200 },
        };
        using JsonDocument schema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""");
        configuration.Tools.Add(new RealtimeToolDefinition("save_contact", "Saves the caller's contact.", schema.RootElement.Clone()));
        await session.ConfigureAsync(configuration, ct);
        RealtimeServerEventSessionUpdated updated = await events.NextAsync<RealtimeServerEventSessionUpdated>();
        Assert.Equal(RealtimeVoice.Marin, updated.Voice);
        Assert.Equal("Ask for the caller's name and save it.", updated.Instructions);

        // greeting
        await session.CreateResponseAsync(cancellationToken: ct);
        RealtimeServerEventResponseDone greeting = await events.NextAsync<RealtimeServerEventResponseDone>();
        Assert.Equal(RealtimeResponseStatus.Completed, greeting.Response.Status);
        Assert.Equal(400 * TestAudio.BytesPerMs, events.AudioBytes);
        Assert.Contains("Hello! What's your name?|", events.Transcripts.ToString(), StringComparison.Ordinal);

        // the caller speaks: 400 ms of voice then 300 ms of silence, in 20 ms frames as a microphone would send them
        byte[] speech = TestAudio.Tone(400).Concat(TestAudio.Silence(300)).ToArray();
        for (int offset = 0; offset < speech.Length; offset += 20 * TestAudio.BytesPerMs)
        {
            await session.SendAudioAsync(speech.AsMemory(offset, 20 * TestAudio.BytesPerMs), ct);
        }

        RealtimeServerEventInputAudioBufferSpeechStarted started = await events.NextAsync<RealtimeServerEventInputAudioBufferSpeechStarted>();
        RealtimeServerEventInputAudioBufferSpeechStopped stopped = await events.NextAsync<RealtimeServerEventInputAudioBufferSpeechStopped>();
        Assert.Equal(started.ItemId, stopped.ItemId);
        Assert.True(stopped.AudioEndMs > started.AudioStartMs);
        await events.NextAsync<RealtimeServerEventInputAudioBufferCommitted>();
        RealtimeServerEventInputAudioTranscriptionCompleted heard = await events.NextAsync<RealtimeServerEventInputAudioTranscriptionCompleted>();
        Assert.Equal("my name is Ada", heard.Transcript);

        // the model calls the tool
        RealtimeServerEventResponseFunctionCallArgumentsDone call = await events.NextAsync<RealtimeServerEventResponseFunctionCallArgumentsDone>();
        Assert.Equal("save_contact", call.Name);
        Assert.Equal("{\"name\":\"Ada\"}", call.Arguments);
        RealtimeServerEventResponseDone callResponse = await events.NextAsync<RealtimeServerEventResponseDone>();
        Assert.Equal(RealtimeItemType.FunctionCall, Assert.Single(callResponse.Response.Output).Type);
        await session.SendFunctionCallOutputAsync(call.CallId!, "{\"saved\":true}", ct);
        await session.CreateResponseAsync(cancellationToken: ct);

        // and confirms
        RealtimeServerEventResponseDone confirmation = await events.NextAsync<RealtimeServerEventResponseDone>();
        Assert.Equal(RealtimeResponseStatus.Completed, confirmation.Response.Status);
        Assert.NotNull(confirmation.Response.Usage);
        Assert.Contains("Thanks Ada, I saved your details.|", events.Transcripts.ToString(), StringComparison.Ordinal);

        // clean close
        await session.DisposeAsync();
        Assert.True(await events.EndsAsync());
        Assert.DoesNotContain("error", events.Types);
        Assert.All(server.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
        Assert.Equal(
            ["session.update", "response.create", "conversation.item.create", "response.create"],
            server.ReceivedEvents.Where(e => e.Type != "input_audio_buffer.append").Select(e => e.Type));
        Assert.Equal(speech.Length / (20 * TestAudio.BytesPerMs), server.ReceivedEvents.Count(e => e.Type == "input_audio_buffer.append"));
    }
}
