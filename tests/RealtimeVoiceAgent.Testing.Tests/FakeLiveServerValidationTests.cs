using System;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Tests;
using Xunit;

namespace RealtimeVoiceAgent.Testing.Tests;

// The Live fake checks client events as strictly as the service checks its session config (live-protocol.md 3, 4, 10):
// an error event naming code and param, and a started session stays open.
public class FakeLiveServerValidationTests
{
    private const string Start = """{"type":"session.start","event_id":"evt_start","session":{"model":"gpt-live-1","delegation":{"type":"responses","responses":{"model":"gpt-5.5"}}}}""";

    [Theory]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1","turn_detection":{"type":"server_vad"}}}""", "unknown_parameter", "session.turn_detection")]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1","tools":[]}}""", "unknown_parameter", "session.tools")]
    [InlineData("""{"type":"session.start","session":{}}""", "missing_required_parameter", "session.model")]
    [InlineData("""{"type":"session.start"}""", "missing_required_parameter", "session")]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1","audio":{"format":{"type":"audio/pcm","rate":44100}}}}""", "invalid_value", "session.audio.format")]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1","audio":{"input":{}}}}""", "unknown_parameter", "session.audio.input")]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1","delegation":{"type":"client","tools":[]}}}""", "unknown_parameter", "session.delegation.tools")]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1","delegation":{"type":"responses"}}}""", "missing_required_parameter", "session.delegation.responses")]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1","delegation":{"type":"responses","responses":{"model":"m","tools":[{"type":"function","name":"f","parameters":{},"extra":1}]}}}}""", "unknown_parameter", "session.delegation.responses.tools[0].extra")]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1","delegation":{"type":"responses","responses":{"model":"m","tools":[{"type":"function"}]}}}}""", "missing_required_parameter", "session.delegation.responses.tools[0].name")]
    [InlineData("""{"type":"session.input_audio.append","audio":"AAAA"}""", "invalid_request_error", null)]
    [InlineData("""{"type":"session.update","session":{}}""", "invalid_request_error", null)]
    public async Task FirstMessage_NotAValidSessionStart_IsAnsweredWithAnErrorAndNoSessionStarted(string json, string code, string? param)
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);

        // Act
        await socket.SendAsync(json);
        JsonElement error = (await socket.ReceiveAsync())!.Value;

        // Assert: the error comes first, and a valid start afterwards still starts the session
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("error").GetProperty("param").GetString());
        Assert.False(Assert.Single(server.ReceivedEvents).Accepted);
        await socket.SendAsync(Start);
        JsonElement started = await socket.NextAsync("session.started");
        Assert.Equal("evt_start", started.GetProperty("client_event_id").GetString());
    }

    [Theory]
    [InlineData("""{"type":"session.input_audio.commit"}""", "invalid_event", "type")]
    [InlineData("""{"type":"response.cancel"}""", "invalid_event", "type")]
    [InlineData("""{"type":"conversation.item.truncate","item_id":"x","content_index":0,"audio_end_ms":1}""", "invalid_event", "type")]
    [InlineData("""{"type":"session.input_audio.append","audio":"AAAA"}""", "invalid_audio", "audio")]
    [InlineData("""{"type":"session.input_audio.append","audio":""}""", "invalid_audio", "audio")]
    [InlineData("""{"type":"session.input_audio.append","audio":"not base64!"}""", "invalid_audio", "audio")]
    [InlineData("""{"type":"session.input_audio.append"}""", "missing_required_parameter", "audio")]
    [InlineData("""{"type":"session.input_audio.mute","muted":true}""", "unknown_parameter", "muted")]
    [InlineData("""{"type":"session.instructions.append","content":"hi"}""", "missing_required_parameter", "delegation_id")]
    [InlineData("""{"type":"session.instructions.append","content":"hi","delegation_id":"item_x"}""", "invalid_value", "delegation_id")]
    [InlineData("""{"type":"session.thinking.append","content":"","delegation_id":null}""", "invalid_value", "content")]
    [InlineData("""{"type":"session.commentary.append","content":[{"type":"text"}],"delegation_id":null}""", "invalid_type", "content")]
    [InlineData("""{"type":"session.update","session":{"instructions":"x"}}""", "immutable_field_update", "session.instructions")]
    [InlineData("""{"type":"session.update","session":{"voice":"x"}}""", "unknown_parameter", "session.voice")]
    [InlineData("""{"type":"session.update","session":{"delegation":{"type":"client"}}}""", "immutable_field_update", "session.delegation.type")]
    [InlineData("""{"type":"session.update","session":{"delegation":{"type":"responses","responses":{"temperature":1}}}}""", "unknown_parameter", "session.delegation.responses.temperature")]
    [InlineData("""{"type":"response.item.create","item":{"type":"function_call_output","call_id":"call_nope","output":"{}"}}""", "invalid_value", "item.call_id")]
    [InlineData("""{"type":"response.item.create","item":{"type":"function_call_output","call_id":"c","output":"{}","extra":1}}""", "unknown_parameter", "item.extra")]
    [InlineData("""{"type":"response.item.create","item":{"type":"message","role":"robot","content":"hi"}}""", "invalid_value", "item.role")]
    [InlineData("""{"type":"response.create","response":{}}""", "unknown_parameter", "response")]
    [InlineData("""{"type":"session.start","session":{"model":"gpt-live-1"}}""", "invalid_request_error", null)]
    [InlineData("""{"type":"session.close","event_id":7}""", "invalid_type", "event_id")]
    [InlineData("""not json""", "invalid_json", null)]
    public async Task ClientEvent_ViolatingTheLiveProtocol_IsAnsweredWithAnErrorAndTheSessionStaysOpen(string json, string code, string? param)
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.SendAsync(Start);
        await socket.NextAsync("session.started");

        // Act
        await socket.SendAsync(json);
        JsonElement error = (await socket.NextAsync("error")).GetProperty("error");

        // Assert
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(server.ReceivedEvents[^1].Accepted);
        await socket.SendAsync("""{"type":"session.input_audio.mute","event_id":"m1"}""");
        Assert.Equal("m1", (await socket.NextAsync("session.input_audio.muted")).GetProperty("client_event_id").GetString());
    }

    [Fact]
    public async Task SessionStart_MinimalConfig_ResolvesTheDefaults()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);

        // Act
        await socket.SendAsync("""{"type":"session.start","session":{"model":"gpt-live-1"}}""");
        JsonElement session = (await socket.NextAsync("session.started")).GetProperty("session");

        // Assert: voice marin, 24 kHz PCM, client delegation, an opaque live_ id, status active
        Assert.StartsWith("live_", session.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("active", session.GetProperty("status").GetString());
        Assert.Equal("marin", session.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        Assert.Equal("audio/pcm", session.GetProperty("audio").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(24000, session.GetProperty("audio").GetProperty("format").GetProperty("rate").GetInt32());
        Assert.Equal("client", session.GetProperty("delegation").GetProperty("type").GetString());
        Assert.True(session.GetProperty("expires_at").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task ClientDelegation_ResponseCreate_RequiresResponsesDelegation()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.SendAsync("""{"type":"session.start","session":{"model":"gpt-live-1","delegation":null}}""");
        await socket.NextAsync("session.started");

        // Act
        await socket.SendAsync("""{"type":"response.create"}""");
        JsonElement error = (await socket.NextAsync("error")).GetProperty("error");

        // Assert
        Assert.Equal("response.create requires Responses delegation.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Append_AcknowledgedOnTheTimelineWithTheClientEventId_CommentaryIsSpoken()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.SendAsync(Start);
        await socket.NextAsync("session.started");
        await socket.SendAsync("""{"type":"session.input_audio.append","audio":"AAAAAA=="}""");

        // Act
        await socket.SendAsync("""{"type":"session.commentary.append","event_id":"c1","content":"It is sunny.","delegation_id":null}""");
        JsonElement ack = await socket.NextAsync("session.commentary.appended");
        JsonElement transcript = await socket.NextAsync("session.output_transcript.delta");

        // Assert
        Assert.Equal("c1", ack.GetProperty("client_event_id").GetString());
        Assert.True(ack.GetProperty("end_ms").GetInt32() >= ack.GetProperty("start_ms").GetInt32());
        Assert.Equal("It", transcript.GetProperty("delta").GetString());
    }

    [Fact]
    public async Task InputAudio_AdvancesTheTimeline_SilenceTrackAndUsageFollow()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.UsageInterval = TimeSpan.FromSeconds(1);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.SendAsync(Start);
        await socket.NextAsync("session.started");

        // Act: 1.2 s of silence at 24 kHz
        await socket.SendAsync($$"""{"type":"session.input_audio.append","audio":"{{Convert.ToBase64String(new byte[57600])}}"}""");
        JsonElement delta = await socket.NextAsync("session.output_audio.delta");
        JsonElement usage = await socket.NextAsync("session.usage.updated");

        // Assert: output deltas carry no event_id or timestamps on the primary socket; usage is cumulative seconds
        Assert.Equal(4800, Convert.FromBase64String(delta.GetProperty("delta").GetString()!).Length);
        Assert.False(delta.TryGetProperty("event_id", out _));
        Assert.Equal(1.2, usage.GetProperty("usage").GetProperty("seconds").GetDouble(), 3);
    }

    [Fact]
    public async Task SessionClose_SendsSessionClosedThenANormalClose_AndRejectsLaterCommands()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.SendAsync(Start);
        await socket.NextAsync("session.started");

        // Act
        await socket.SendAsync("""{"type":"session.close"}""");
        JsonElement closed = await socket.NextAsync("session.closed");

        // Assert
        Assert.Equal("close_requested", closed.GetProperty("reason").GetString());
        Assert.Equal("active", closed.GetProperty("session").GetProperty("status").GetString());
        Assert.True(closed.GetProperty("usage").TryGetProperty("seconds", out _));
        Assert.Null(await socket.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.Socket.CloseStatus);
    }

    [Fact]
    public async Task Handshake_WithAQueryOrWithoutTheRequiredKey_IsRefused()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeLiveServer server = await FakeLiveServer.StartAsync(timeout.Token);
        server.RequiredApiKey = "sk-test";

        // Act
        var noKey = await Assert.ThrowsAsync<WebSocketException>(() => RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token));
        var query = await Assert.ThrowsAsync<WebSocketException>(() => RawRealtimeSocket.ConnectAsync(new Uri(server.Endpoint + "?model=gpt-live-1"), timeout.Token));

        // Assert
        Assert.Contains("401", noKey.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Handshakes.Count);
        Assert.Equal("?model=gpt-live-1", server.Handshakes[1].Query);
        Assert.Equal(0, server.ConnectionCount);
    }
}
