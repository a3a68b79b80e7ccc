using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Testing;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Live;

// The GPT-Live model connection against FakeLiveServer: what it sends, how Live events map onto the seam's events, and
// every error path.
public class GptLiveSessionTests
{
    private static RealtimeSessionConfiguration Configuration()
    {
        var configuration = new RealtimeSessionConfiguration { Instructions = "Collect the caller's contact.", Voice = RealtimeVoice.Alloy };
        using JsonDocument parameters = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""");
        configuration.Tools.Add(new RealtimeToolDefinition("save_contact", "Saves the contact.", parameters.RootElement.Clone()));
        configuration.TurnDetection = RealtimeTurnDetection.SemanticVad;
        return configuration;
    }

    private static GptLiveClient Client(FakeLiveServer server, string? apiKey = "sk-test", RealtimeProvider provider = RealtimeProvider.OpenAILive) =>
        new(new RealtimeClientOptions { Endpoint = server.Endpoint, ApiKey = apiKey, Provider = provider });

    private static async Task<T> NextAsync<T>(IAsyncEnumerator<RealtimeServerEvent> events, List<RealtimeServerEvent>? seen = null)
        where T : RealtimeServerEvent
    {
        while (await events.MoveNextAsync())
        {
            seen?.Add(events.Current);
            if (events.Current is T match)
            {
                return match;
            }
        }

        throw new InvalidOperationException($"The session ended before {typeof(T).Name}.");
    }

    [Fact]
    public async Task ConnectAsync_OpenAILive_SendsBearerKeyAndNoQuery_ThenSessionStartAsTheFirstMessage()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.RequiredApiKey = "sk-test";
        await using GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await using var events = session.ReceiveEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        // Act
        await session.ConfigureAsync(Configuration(), timeout.Token);
        RealtimeServerEventSessionUpdated started = await NextAsync<RealtimeServerEventSessionUpdated>(events);

        // Assert: the handshake, and session.start carrying the voice model's config and the tools as delegation tools
        FakeRealtimeHandshake handshake = Assert.Single(server.Handshakes);
        Assert.Equal("/v1/live/sessions", handshake.Path);
        Assert.Equal(string.Empty, handshake.Query);
        Assert.Equal("Bearer sk-test", handshake.Headers["Authorization"]);
        Assert.False(handshake.Headers.ContainsKey("OpenAI-Beta"));
        FakeClientEvent start = Assert.Single(server.ReceivedEvents);
        Assert.True(start.Accepted, start.ToString());
        JsonElement config = start.Parse().GetProperty("session");
        Assert.Equal("gpt-live-1", config.GetProperty("model").GetString());
        Assert.Equal("alloy", config.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        Assert.Equal(24000, config.GetProperty("audio").GetProperty("format").GetProperty("rate").GetInt32());
        JsonElement responses = config.GetProperty("delegation").GetProperty("responses");
        Assert.Equal("gpt-5.5", responses.GetProperty("model").GetString());
        Assert.Equal("save_contact", responses.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("gpt-live-1", started.Model);
        Assert.StartsWith("live_", started.SessionId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_AzureOpenAILive_SendsTheApiKeyHeader()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.RequiredApiKey = "azure-key";

        // Act
        await using GptLiveSession session = await Client(server, "azure-key", RealtimeProvider.AzureOpenAILive).ConnectAsync(timeout.Token);

        // Assert
        FakeRealtimeHandshake handshake = Assert.Single(server.Handshakes);
        Assert.Equal("azure-key", handshake.Headers["api-key"]);
        Assert.False(handshake.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "API key")]
    [InlineData(HttpStatusCode.Forbidden, "API key")]
    [InlineData(HttpStatusCode.NotFound, "/v1/live/sessions")]
    public async Task ConnectAsync_HandshakeRejected_ThrowsWithStatusAndAdvice(HttpStatusCode status, string advice)
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.RejectHandshakesWith = status;

        // Act
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => Client(server, "sk-wrong").ConnectAsync(timeout.Token));

        // Assert
        Assert.Equal(status, error.HandshakeStatusCode);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_WrongKey_Http401NamesTheApiKey()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.RequiredApiKey = "sk-right";

        // Act
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => Client(server, "sk-wrong").ConnectAsync(timeout.Token));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, error.HandshakeStatusCode);
        Assert.Contains("RealtimeClientOptions.ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ServerNeverAnswers_ThrowsConnectionExceptionNamingTheTimeout()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.StallHandshakes = true;
        var client = new GptLiveClient(new RealtimeClientOptions { Endpoint = server.Endpoint, Provider = RealtimeProvider.OpenAILive, ConnectTimeout = TimeSpan.FromMilliseconds(300) });

        // Act
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => client.ConnectAsync(timeout.Token));

        // Assert
        Assert.Contains("ConnectTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_ErrorEvent_IsYieldedWithCodeAndClientEventId_AndTheSessionGoesOn()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await using var events = session.ReceiveEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await session.ConfigureAsync(Configuration(), timeout.Token);
        await NextAsync<RealtimeServerEventSessionUpdated>(events);

        // Act
        await server.SendErrorAsync("response_input_buffer_full", "The function output is too large.", "item.output", "evt_9", timeout.Token);
        RealtimeServerEventError error = await NextAsync<RealtimeServerEventError>(events);

        // Assert
        Assert.Equal("response_input_buffer_full", error.Error.Code);
        Assert.Equal("item.output", error.Error.Param);
        Assert.Equal("evt_9", error.Error.EventId);
        await session.SendAudioAsync(new byte[4800], timeout.Token);
        await server.WaitForClientEventAsync("session.input_audio.append", cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task Receive_UnknownEventAndMalformedJson_AreKeptRaw()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await using var events = session.ReceiveEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await session.ConfigureAsync(Configuration(), timeout.Token);
        await NextAsync<RealtimeServerEventSessionUpdated>(events);

        // Act
        await server.SendEventAsync("""{"type":"session.thinking.appended","event_id":"e1","start_ms":10,"end_ms":10}""", timeout.Token);
        await server.SendEventAsync("""{"type":"transport.future","x":1}""", timeout.Token);
        await server.SendEventAsync("{not json", timeout.Token);
        RealtimeServerEventUnknown ack = await NextAsync<RealtimeServerEventUnknown>(events);
        RealtimeServerEventUnknown future = await NextAsync<RealtimeServerEventUnknown>(events);
        RealtimeServerEventUnknown malformed = await NextAsync<RealtimeServerEventUnknown>(events);

        // Assert
        Assert.Equal("session.thinking.appended", ack.Type);
        Assert.Equal("transport.future", future.Type);
        Assert.Contains("\"x\":1", future.RawJson, StringComparison.Ordinal);
        Assert.Equal(string.Empty, malformed.Type);
        Assert.Equal("{not json", malformed.RawJson);
    }

    [Fact]
    public async Task Receive_ConnectionDropped_ThrowsConnectionException_AndLaterSendsToo()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await using var events = session.ReceiveEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await session.ConfigureAsync(Configuration(), timeout.Token);
        await NextAsync<RealtimeServerEventSessionUpdated>(events);

        // Act
        server.DropConnection();
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(async () => await NextAsync<RealtimeServerEventError>(events));

        // Assert
        Assert.Contains("GPT-Live", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RealtimeConnectionException>(async () => await session.SendAudioAsync(new byte[480], timeout.Token));
    }

    [Fact]
    public async Task Receive_ServerClosesWithAnError_ThrowsWithTheCloseStatus()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await using var events = session.ReceiveEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await session.ConfigureAsync(Configuration(), timeout.Token);
        await NextAsync<RealtimeServerEventSessionUpdated>(events);

        // Act
        await server.CloseConnectionAsync(WebSocketCloseStatus.InternalServerError, "upstream failed", timeout.Token);
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(async () => await NextAsync<RealtimeServerEventError>(events));

        // Assert
        Assert.Equal(WebSocketCloseStatus.InternalServerError, error.CloseStatus);
        Assert.Contains("upstream failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Greeting_InstructionsAppend_SpeechArrivesAsOneAssistantTurn()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.Script.OnResponseCreate(r => r.Say("Hello there, what is your name?", TimeSpan.FromMilliseconds(500)));
        await using GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await using var events = session.ReceiveEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await session.ConfigureAsync(Configuration(), timeout.Token);
        await NextAsync<RealtimeServerEventSessionUpdated>(events);

        // Act
        await session.CreateResponseAsync(new RealtimeResponseOptions { Instructions = "Greet the caller." }, timeout.Token);
        var seen = new List<RealtimeServerEvent>();
        RealtimeServerEventResponseOutputAudioTranscriptDone done = await NextAsync<RealtimeServerEventResponseOutputAudioTranscriptDone>(events, seen);

        // Assert: instructions.append (with the key delegation_id), one turn id for audio and transcript, the whole text
        JsonElement append = (await server.WaitForClientEventAsync("session.instructions.append", cancellationToken: timeout.Token)).Parse();
        Assert.Equal("Greet the caller.", append.GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Null, append.GetProperty("delegation_id").ValueKind);
        Assert.Equal("Hello there, what is your name?", done.Transcript);
        Assert.Contains(seen, e => e is RealtimeServerEventResponseOutputAudioTranscriptDelta d && d.ItemId == done.ItemId);
        Assert.Contains(seen, e => e is RealtimeServerEventResponseOutputAudioDelta); // silence between turns is dropped, speech is not
        Assert.DoesNotContain(server.ReceivedEvents, e => e.Type == "response.create");
    }

    [Fact]
    public async Task CallerTurnWithFunctionCall_MapsToSpeechEventsAndAToolCall_OutputContinuesTheBackend()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.Script.AfterSpeech(turn => turn.Transcript("my name is Ada").CallFunction("save_contact", """{"name":"Ada"}""", "call_ada").ThenSay("Saved, Ada."));
        await using GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await using var events = session.ReceiveEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await session.ConfigureAsync(Configuration(), timeout.Token);
        await NextAsync<RealtimeServerEventSessionUpdated>(events);

        // Act: the caller speaks (tone, then silence)
        await session.SendAudioAsync(TestAudio.Tone(400).Concat(TestAudio.Silence(800)).ToArray(), timeout.Token);
        var seen = new List<RealtimeServerEvent>();
        RealtimeServerEventResponseOutputItemDone call = await NextAsync<RealtimeServerEventResponseOutputItemDone>(events, seen);
        RealtimeServerEventResponseDone backendDone = await NextAsync<RealtimeServerEventResponseDone>(events, seen);
        await session.SendFunctionCallOutputAsync("call_ada", """{"saved":true}""", timeout.Token);
        await session.CreateResponseAsync(cancellationToken: timeout.Token);
        RealtimeServerEventResponseOutputAudioTranscriptDone followUp = await NextAsync<RealtimeServerEventResponseOutputAudioTranscriptDone>(events, seen);

        // Assert: caller turn, then the function call of the backend response, then the spoken follow-up
        Assert.IsType<RealtimeServerEventInputAudioBufferSpeechStarted>(seen.First(e => e is RealtimeServerEventInputAudioBufferSpeechStarted or RealtimeServerEventInputAudioBufferSpeechStopped));
        RealtimeServerEventInputAudioTranscriptionCompleted caller = Assert.Single(seen.OfType<RealtimeServerEventInputAudioTranscriptionCompleted>());
        Assert.Equal("my name is Ada", caller.Transcript);
        Assert.Equal(RealtimeItemType.FunctionCall, call.Item.Type);
        Assert.Equal("save_contact", call.Item.Name);
        Assert.Equal("call_ada", call.Item.CallId);
        Assert.Equal("""{"name":"Ada"}""", call.Item.Arguments);
        Assert.Equal(RealtimeResponseStatus.Completed, backendDone.Response.Status);
        Assert.Equal(150, backendDone.Response.Usage!.TotalTokens);
        Assert.Equal("Saved, Ada.", followUp.Transcript);
        JsonElement output = (await server.WaitForClientEventAsync("response.item.create", cancellationToken: timeout.Token)).Parse();
        Assert.Equal("function_call_output", output.GetProperty("item").GetProperty("type").GetString());
        Assert.All(server.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task TruncateCancelDelete_SendNothing_AndTheSessionSaysSo()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await session.ConfigureAsync(Configuration(), timeout.Token);

        // Act
        await session.CancelResponseAsync(null, timeout.Token);
        await session.TruncateItemAsync("live_item_0001", 0, 500, timeout.Token);
        await session.DeleteItemAsync("live_item_0001", timeout.Token);
        await session.AddSystemMessageAsync("The caller typed their phone number.", timeout.Token);
        await server.WaitForClientEventAsync("session.thinking.append", cancellationToken: timeout.Token);

        // Assert: the start, the developer message for the backend and the quiet context, nothing else
        Assert.False(session.SupportsTruncation);
        Assert.True(session.IsFullDuplex);
        Assert.Equal(["session.start", "response.item.create", "session.thinking.append"], server.ReceivedEvents.Select(e => e.Type));
        Assert.All(server.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task DisposeAsync_SendsSessionCloseBeforeTheCloseFrame()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        GptLiveSession session = await Client(server).ConnectAsync(timeout.Token);
        await session.ConfigureAsync(Configuration(), timeout.Token);
        await server.WaitForClientEventAsync("session.start", cancellationToken: timeout.Token);

        // Act
        await session.DisposeAsync();

        // Assert
        FakeClientEvent close = await server.WaitForClientEventAsync("session.close", cancellationToken: timeout.Token);
        Assert.True(close.Accepted);
    }
}
