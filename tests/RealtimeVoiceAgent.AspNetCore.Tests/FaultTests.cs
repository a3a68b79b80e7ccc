using System;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Tests.Endpoint;
using Xunit;

namespace RealtimeVoiceAgent.AspNetCore.Tests;

/// <summary>One test per fault: the model side failing, and a caller sending bad or too much input.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Call_UnreachableModel_GetsModelUnavailableThenClose1011()
    {
        // Arrange: a model endpoint where nothing listens.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = new Uri($"ws://127.0.0.1:{port}/v1/realtime"), ApiKey = "test-key" });
        await using var host = await RelayTestHost.StartAsync(client, new InMemoryContactRepository());

        // Act
        await using var caller = await TestCaller.ConnectAsync(host.CallUri());
        var error = await caller.WaitForAsync("error");
        var status = await caller.WaitForCloseAsync();

        // Assert
        Assert.Equal("model_unavailable", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, status);
        Assert.DoesNotContain(caller.Messages, m => m.GetProperty("type").GetString() == "ready");
    }

    [Fact]
    public async Task Call_ModelNeverAnswersHandshake_TimesOutAsModelUnavailable()
    {
        // Arrange: the relay's clock is a fake one; the model takes the handshake and never answers it
        var clock = new FakeTimeProvider();
        await using var context = await CallTestContext.StartAsync(
            o =>
            {
                o.ConnectTimeout = TimeSpan.FromSeconds(60);
                o.IdleTimeout = TimeSpan.FromMinutes(10);
            },
            timeProvider: clock);
        context.Model.StallHandshakes = true;

        // Act: once the handshake reached the model (the connect timeout is running by then), the clock passes it
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (context.Model.Handshakes.Count == 0)
            {
                await Task.Delay(10, wait.Token);
            }
        }

        clock.Advance(TimeSpan.FromSeconds(60));
        var error = await caller.WaitForAsync("error");

        // Assert
        Assert.Equal("model_unavailable", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, await caller.WaitForCloseAsync());
    }

    [Fact]
    public async Task Call_ModelClosesMidCall_WithoutReconnect_EndsWithModelDisconnected()
    {
        await using var context = await CallTestContext.StartAsync(o => o.ModelReconnectTimeout = TimeSpan.Zero);
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        await context.Model.CloseConnectionAsync(WebSocketCloseStatus.NormalClosure, "bye");

        var error = await caller.WaitForAsync("error");
        Assert.Equal("model_disconnected", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, await caller.WaitForCloseAsync());
    }

    [Fact]
    public async Task Call_ModelConnectionDropsMidCall_WithoutReconnect_EndsWithModelDisconnected()
    {
        await using var context = await CallTestContext.StartAsync(o => o.ModelReconnectTimeout = TimeSpan.Zero);
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        context.Model.DropConnection();

        var error = await caller.WaitForAsync("error");
        Assert.Equal("model_disconnected", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, await caller.WaitForCloseAsync());
        Assert.Equal(1, context.Model.ConnectionCount);
    }

    [Fact]
    public async Task Call_ModelConnectionDropsMidCall_CallerHearsReconnectingThenReadyAndTheCallGoesOn()
    {
        await using var context = await CallTestContext.StartAsync();
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        context.Model.DropConnection();

        await caller.WaitForAsync("reconnecting");
        await caller.WaitForAsync("ready");
        Assert.Equal(2, context.Model.ConnectionCount);
        // Still relaying, to the new session: speech is heard.
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        await caller.WaitForAsync("listening");
        await caller.WaitForAsync("processing");
        Assert.DoesNotContain(caller.Messages, m => m.GetProperty("type").GetString() == "error");
    }

    [Fact]
    public async Task Call_ModelSessionLimit_ReconnectsWithoutTellingTheCallerAnError()
    {
        await using var context = await CallTestContext.StartAsync();
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        // The service's 60-minute cap: error session_expired, then close 1001.
        await context.Model.ExpireSessionAsync();

        await caller.WaitForAsync("reconnecting");
        await caller.WaitForAsync("ready");
        Assert.Equal(2, context.Model.ConnectionCount);
        Assert.DoesNotContain(caller.Messages, m => m.GetProperty("type").GetString() == "error");
    }

    [Fact]
    public async Task Call_ModelCannotBeReachedAgainWithinTheReconnectTimeout_EndsWithModelDisconnected()
    {
        await using var context = await CallTestContext.StartAsync(o => o.ModelReconnectTimeout = TimeSpan.FromSeconds(2));
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        // The service is down: every new handshake fails.
        context.Model.RejectHandshakesWith = System.Net.HttpStatusCode.ServiceUnavailable;
        context.Model.DropConnection();

        await caller.WaitForAsync("reconnecting");
        var error = await caller.WaitForAsync("error");
        Assert.Equal("model_disconnected", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, await caller.WaitForCloseAsync());
        // It tried more than once, backing off, within the timeout.
        Assert.InRange(context.Model.Handshakes.Count, 3, 20);
    }

    [Fact]
    public async Task Call_ModelError_IsForwardedAndCallGoesOn()
    {
        await using var context = await CallTestContext.StartAsync();
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        await context.Model.SendErrorAsync("server_error", "The model had a hiccup.");

        var error = await caller.WaitForAsync("error");
        Assert.Equal("model_error", error.GetProperty("code").GetString());
        Assert.Equal("The model had a hiccup.", error.GetProperty("data").GetString());
        // Still relaying: speech is heard.
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        await caller.WaitForAsync("listening");
        await caller.WaitForAsync("processing");
    }

    [Fact]
    public async Task Call_ModelErrorWithEmptyMessage_IsForwardedAndCallGoesOn()
    {
        // Found by fuzzing: an error event with "message":"" ended the call as internal_error.
        await using var context = await CallTestContext.StartAsync();
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        await context.Model.SendErrorAsync("server_error", "");

        var error = await caller.WaitForAsync("error");
        Assert.Equal("model_error", error.GetProperty("code").GetString());
        Assert.Equal("The AI service reported an error.", error.GetProperty("data").GetString());
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        await caller.WaitForAsync("listening");
        Assert.Equal(WebSocketState.Open, caller.Socket.State);
    }

    [Fact]
    public async Task Call_MalformedOrUnknownCallerMessages_GetBadMessageAndCallGoesOn()
    {
        await using var context = await CallTestContext.StartAsync();
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        string[] bad =
        [
            "{not json",
            "[1,2,3]",
            "{\"data\":\"AAAA\"}",
            "{\"type\":\"dance\"}",
            "{\"type\":42}",
            "{\"type\":\"audio_chunk\",\"data\":5}",
            "{\"type\":\"audio_chunk\",\"data\":\"%%%not base64%%%\"}",
            "{\"type\":\"audio_chunk\",\"data\":\"AA==\"}",
            "{\"type\":\"playback\",\"itemId\":\"x\",\"playedMs\":\"soon\"}",
            "{\"type\":\"playback\",\"itemId\":\"\",\"playedMs\":5}",
            "{\"type\":\"cancel\",\"itemId\":\"a\\ud800b\"}", // a lone surrogate escape (found by fuzzing: it ended the call)
            "{\"type\":\"\\udfff\"}",
        ];
        foreach (var message in bad)
        {
            await caller.SendJsonAsync(message);
        }

        await caller.SendBinaryAsync(new byte[480]); // binary audio without audio=binary

        for (var i = 0; i < bad.Length + 1; i++)
        {
            var error = await caller.WaitForAsync("error");
            Assert.Equal("bad_message", error.GetProperty("code").GetString());
        }

        Assert.Contains(caller.Messages, m => m.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String && data.GetString()!.Contains("dance", StringComparison.Ordinal));
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        await caller.WaitForAsync("listening");
        Assert.Equal(WebSocketState.Open, caller.Socket.State);
    }

    [Fact]
    public async Task Call_AudioChunkOnABinaryCallAtAnotherRate_GetsBadMessageAndBinaryAudioGoesOn()
    {
        // Arrange: a binary call at 48 kHz, where a 24 kHz audio_chunk would be played at the wrong speed
        await using var context = await CallTestContext.StartAsync();
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri("audio=binary&inputRate=48000&outputRate=48000"));
        await caller.WaitForAsync("ready");

        // Act
        await caller.SendAudioChunkAsync(TestAudio.Tone(100, 24000));
        var error = await caller.WaitForAsync("error");
        foreach (var frame in TestAudio.Chunks(TestAudio.Utterance(48000), 48000))
        {
            await caller.SendBinaryAsync(frame);
        }

        // Assert: refused with the reason, and the call's binary audio still reaches the model
        Assert.Equal("bad_message", error.GetProperty("code").GetString());
        Assert.Contains("binary frames", error.GetProperty("data").GetString()!, StringComparison.Ordinal);
        await caller.WaitForAsync("listening");
        Assert.Equal(WebSocketState.Open, caller.Socket.State);
    }

    [Fact]
    public async Task Call_OversizeFrame_ClosesWithMessageTooBig()
    {
        await using var context = await CallTestContext.StartAsync(o => o.MaxFrameBytes = 4096);
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        await caller.SendAudioChunkAsync(TestAudio.Tone(200, 24000)); // 9600 B of PCM, 12.8 KB as base64 JSON

        var error = await caller.WaitForAsync("error");
        Assert.Equal("frame_too_large", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await caller.WaitForCloseAsync());
    }

    [Fact]
    public async Task Call_AudioFasterThanRealTime_ClosesAsFlood()
    {
        // On a clock that stands still the flood guard's bucket never refills, however slowly the frames arrive.
        await using var context = await CallTestContext.StartAsync(o => o.AudioBurst = TimeSpan.FromSeconds(1), timeProvider: new FakeTimeProvider());
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri("audio=binary&inputRate=16000"));
        await caller.WaitForAsync("ready");

        // 5 s of audio sent as fast as the socket takes it.
        try
        {
            foreach (var frame in TestAudio.Chunks(TestAudio.Silence(5000, 16000), 16000))
            {
                await caller.SendBinaryAsync(frame);
            }
        }
        catch (WebSocketException)
        {
            // The server may close before every frame is sent.
        }

        var error = await caller.WaitForAsync("error");
        Assert.Equal("flood", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await caller.WaitForCloseAsync());
    }

    [Fact]
    public async Task Call_FloodOfSixtySecondsInOneSecond_ReadsFloodErrorAndClose1008()
    {
        // A real clock and the default burst: 60 s of audio in about a second is a flood long before it is all sent.
        await using var context = await CallTestContext.StartAsync();
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri("audio=binary&inputRate=16000"));
        await caller.WaitForAsync("ready");

        // Act: flood without reading, as a client busy sending would; the server closes while audio is still arriving.
        var sent = 0;
        try
        {
            foreach (var frame in TestAudio.Chunks(TestAudio.Silence(60_000, 16000), 16000))
            {
                await caller.SendBinaryAsync(frame);
                if (++sent % 40 == 0)
                {
                    await Task.Delay(20); // 1200 frames of 50 ms in under a second
                }
            }
        }
        catch (WebSocketException)
        {
            // Asserted below: a send that fails (the connection reset) is what makes a browser report 1006.
        }

        // Assert: the host read the rest of the flood away after its close frame, so every send went through (without that,
        // unread input makes the kernel reset the connection), and the error and the close with its reason arrive intact.
        Assert.Equal(1200, sent);
        var error = await caller.WaitForAsync("error");
        Assert.Equal("flood", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await caller.WaitForCloseAsync());
        Assert.Equal("flood", caller.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Call_CallerStopsReading_IsDroppedWithServerMemoryBounded()
    {
        const int Limit = 64 * 1024;
        await using var context = await CallTestContext.StartAsync(o => o.MaxOutboundBufferBytes = Limit);
        // A five-minute greeting at 48 kHz: ~29 MB towards a caller that never reads; far more than the socket buffers hold.
        context.Model.Script.OnResponseCreate(r => r.Say("A very long greeting.", TimeSpan.FromMinutes(5)));
        var ended = new TaskCompletionSource<CallSession>();
        context.Host.Observer.CallEnded += s => ended.TrySetResult(s);

        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri("audio=binary&outputRate=48000"));
        // Never read.
        var call = await ended.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(CallEndReason.SlowConsumer, call.EndReason);
        // Bounded: at most the limit plus the one message that crossed it (a 100 ms delta at 48 kHz is 9.6 KB) and the error.
        Assert.InRange(call.PeakOutboundBufferedBytes, 1, Limit + (16 * 1024));
    }
}
