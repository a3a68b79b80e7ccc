using System;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Tests;
using Xunit;

namespace RealtimeVoiceAgent.Testing.Tests;

// The fake answers protocol mistakes like the real service: an error event naming code and param, session stays open.
public class FakeRealtimeServerValidationTests
{
    [Theory]
    [InlineData("""{"session":{"type":"realtime"}}""", "invalid_event", "type")]
    [InlineData("""{"type":"session.create"}""", "invalid_event", "type")]
    [InlineData("""not json""", "invalid_event", null)]
    [InlineData("""{"type":"session.update"}""", "missing_required_parameter", "session")]
    [InlineData("""{"type":"session.update","session":{"instructions":"hi"}}""", "missing_required_parameter", "session.type")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","input_audio_format":"pcm16"}}""", "unknown_parameter", "session.input_audio_format")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","modalities":["audio","text"]}}""", "unknown_parameter", "session.modalities")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","voice":"marin"}}""", "unknown_parameter", "session.voice")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","audio":{"input":{"format":{"type":"audio/pcm","rate":16000}}}}}""", "invalid_value", "session.audio.input.format.rate")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","audio":{"output":{"format":{"type":"audio/pcm"}}}}}""", "missing_required_parameter", "session.audio.output.format.rate")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","audio":{"input":{"format":"pcm16"}}}}""", "invalid_type", "session.audio.input.format")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","audio":{"output":{"voice":"robot"}}}}""", "invalid_value", "session.audio.output.voice")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","output_modalities":["audio","text"]}}""", "invalid_value", "session.output_modalities")]
    [InlineData("""{"type":"session.update","session":{"type":"realtime","tools":[{"type":"function"}]}}""", "missing_required_parameter", "session.tools[0].name")]
    [InlineData("""{"type":"input_audio_buffer.append","audio":"not base64!"}""", "invalid_value", "audio")]
    [InlineData("""{"type":"input_audio_buffer.append"}""", "missing_required_parameter", "audio")]
    [InlineData("""{"type":"input_audio_buffer.commit"}""", "input_audio_buffer_commit_empty", null)]
    [InlineData("""{"type":"conversation.item.create","item":{"type":"function_call_output","call_id":"call_nope","output":"{}"}}""", "invalid_value", "item.call_id")]
    [InlineData("""{"type":"conversation.item.create","item":{"type":"function_call_output","call_id":"call_1"}}""", "missing_required_parameter", "item.output")]
    [InlineData("""{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"text_input","text":"hi"}]}}""", "invalid_value", "item.content.type")]
    [InlineData("""{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"output_text","text":"hi"}]}}""", "invalid_value", "item.content.type")]
    [InlineData("""{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text"}]}}""", "missing_required_parameter", "item.content[].text")]
    [InlineData("""{"type":"conversation.item.truncate","item_id":"item_nope","content_index":0,"audio_end_ms":10}""", "invalid_value", "item_id")]
    [InlineData("""{"type":"conversation.item.truncate","item_id":"item_1","audio_end_ms":10}""", "missing_required_parameter", "content_index")]
    [InlineData("""{"type":"conversation.item.delete","item_id":"item_nope"}""", "invalid_value", "item_id")]
    [InlineData("""{"type":"response.create","response":{"modalities":["text"]}}""", "unknown_parameter", "response.modalities")]
    [InlineData("""{"type":"response.cancel"}""", "response_cancel_not_active", null)]
    public async Task ClientEvent_ViolatingTheGaProtocol_IsAnsweredWithAnErrorAndRecordedAsRejected(string json, string code, string? param)
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");

        // Act
        await socket.SendAsync(json);
        JsonElement error = (await socket.NextAsync("error")).GetProperty("error");

        // Assert
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        FakeClientEvent recorded = Assert.Single(server.ReceivedEvents);
        Assert.Equal(code, recorded.ErrorCode);
        Assert.Equal(json, recorded.Json);
        Assert.Equal(WebSocketState.Open, socket.Socket.State);
    }

    [Fact]
    public async Task ClientEvent_WithEventId_ErrorEchoesTheEventId()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");

        // Act
        await socket.SendAsync("""{"type":"session.update","event_id":"evt_client_001","session":{"type":"realtime","foo":1}}""");
        JsonElement error = (await socket.NextAsync("error")).GetProperty("error");

        // Assert
        Assert.Equal(("unknown_parameter", "session.foo", "evt_client_001"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), error.GetProperty("event_id").GetString()));
    }

    [Fact]
    public async Task Handshake_WithOpenAIBetaHeader_IsAnsweredWithBetaShapeDisabledAndClose4000()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);

        // Act
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token, betaHeader: "realtime=v1");
        JsonElement first = (await socket.ReceiveAsync())!.Value;
        JsonElement? afterwards = await socket.ReceiveAsync();

        // Assert
        Assert.Equal("error", first.GetProperty("type").GetString());
        Assert.Equal("beta_api_shape_disabled", first.GetProperty("error").GetProperty("code").GetString());
        Assert.Null(afterwards);
        Assert.Equal(4000, (int)socket.Socket.CloseStatus!.Value);
    }

    [Fact]
    public async Task Truncate_ZeroOrBeyondTheSentAudio_IsRejectedWithinIsAccepted()
    {
        // Arrange: a 300 ms assistant message
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script.OnResponseCreate(r => r.Say("Hello there", TimeSpan.FromMilliseconds(300)));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"response.create"}""");
        string itemId = (await socket.NextAsync("response.output_audio.delta")).GetProperty("item_id").GetString()!;
        await socket.NextAsync("response.done");

        // Act
        string Truncate(int ms) => $$"""{"type":"conversation.item.truncate","item_id":"{{itemId}}","content_index":0,"audio_end_ms":{{ms}}}""";
        await socket.SendAsync(Truncate(0));
        JsonElement zero = await socket.NextAsync("error");
        await socket.SendAsync(Truncate(301));
        JsonElement beyond = await socket.NextAsync("error");
        await socket.SendAsync(Truncate(300));
        JsonElement truncated = await socket.NextAsync("conversation.item.truncated");

        // Assert
        Assert.Equal("audio_end_ms", zero.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("invalid_value", beyond.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(300, truncated.GetProperty("audio_end_ms").GetInt32());
        Assert.Equal([false, false, true], server.ReceivedEvents.Where(e => e.Type == "conversation.item.truncate").Select(e => e.Accepted));
    }

    [Fact]
    public async Task ResponseCreate_WhileAResponseIsActive_IsRejectedWithConversationAlreadyHasActiveResponse()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        var release = new TaskCompletionSource();
        server.Script.OnResponseCreate(r => r.Say("Still talking").HoldUntil(release.Task));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"response.create"}""");
        string responseId = (await socket.NextAsync("response.created")).GetProperty("response").GetProperty("id").GetString()!;

        // Act
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement error = (await socket.NextAsync("error")).GetProperty("error");
        release.SetResult();
        JsonElement done = (await socket.NextAsync("response.done")).GetProperty("response");

        // Assert
        Assert.Equal("conversation_already_has_active_response", error.GetProperty("code").GetString());
        Assert.Contains(responseId, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((responseId, "completed"), (done.GetProperty("id").GetString(), done.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ResponseCancel_WhileActive_EndsTheResponseAsCancelled()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script.OnResponseCreate(r => r.Say("A long story").HoldUntil(new TaskCompletionSource().Task));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"response.create"}""");
        await socket.NextAsync("response.output_audio_transcript.done");

        // Act
        await socket.SendAsync("""{"type":"response.cancel"}""");
        JsonElement done = (await socket.NextAsync("response.done")).GetProperty("response");

        // Assert
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        Assert.Equal("client_cancelled", done.GetProperty("status_details").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task FunctionCallOutput_ForACallTheModelMade_IsAccepted()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script
            .OnResponseCreate(r => r.CallFunction("lookup", "{\"q\":1}", callId: "call_given"))
            .OnResponseCreate(r => r.Say("Found it."));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement arguments = await socket.NextAsync("response.function_call_arguments.done");
        await socket.NextAsync("response.done");

        // Act
        await socket.SendAsync("""{"type":"conversation.item.create","item":{"type":"function_call_output","call_id":"call_given","output":"{\"ok\":true}"}}""");
        JsonElement added = await socket.NextAsync("conversation.item.added");
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement transcript = await socket.NextAsync("response.output_audio_transcript.done");

        // Assert
        Assert.Equal(("call_given", "lookup", "{\"q\":1}"), (arguments.GetProperty("call_id").GetString(), arguments.GetProperty("name").GetString(), arguments.GetProperty("arguments").GetString()));
        Assert.Equal("function_call_output", added.GetProperty("item").GetProperty("type").GetString());
        Assert.Equal("Found it.", transcript.GetProperty("transcript").GetString());
        Assert.All(server.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }
}
