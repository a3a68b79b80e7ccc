using System;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Tests.Endpoint;
using Xunit;

namespace RealtimeVoiceAgent.AspNetCore.Tests;

/// <summary>Admission limits of /ws: concurrent calls, origins, per-IP connection rate, bad connect queries.</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task Call_OverConcurrentLimit_GetsBusyThenClose1013()
    {
        await using var context = await CallTestContext.StartAsync(o => o.MaxConcurrentCalls = 1);
        await using var first = await TestCaller.ConnectAsync(context.Host.CallUri());
        await first.WaitForAsync("ready");

        await using var second = await TestCaller.ConnectAsync(context.Host.CallUri());
        var error = await second.WaitForAsync("error");

        Assert.Equal("busy", error.GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)1013, await second.WaitForCloseAsync());
        // The first call is unaffected, and once it ends a new call is admitted.
        Assert.Equal(WebSocketState.Open, first.Socket.State);
        await first.DisposeAsync();
        await WaitUntilAsync(() => context.Host.Observer.ActiveCalls == 0);
        await using var third = await TestCaller.ConnectAsync(context.Host.CallUri());
        await third.WaitForAsync("ready");
    }

    [Fact]
    public async Task Handshake_OriginOutsideAllowList_RefusedWith403()
    {
        await using var context = await CallTestContext.StartAsync(o => o.AllowedOrigins.Add("https://contacts.example.com"));

        var refused = await HandshakeStatusAsync(context.Host.CallUri(), "https://evil.example.com");
        await using var allowed = await TestCaller.ConnectAsync(context.Host.CallUri(), "https://contacts.example.com");

        Assert.Equal(HttpStatusCode.Forbidden, refused);
        await allowed.WaitForAsync("ready");
    }

    [Fact]
    public async Task Handshake_OverPerIpRate_RefusedWith429()
    {
        await using var context = await CallTestContext.StartAsync(o =>
        {
            o.ConnectionsPerIpPerWindow = 2;
            o.ConnectionRateWindow = TimeSpan.FromHours(1);
        });

        await using var first = await TestCaller.ConnectAsync(context.Host.CallUri());
        await using var second = await TestCaller.ConnectAsync(context.Host.CallUri());
        var third = await HandshakeStatusAsync(context.Host.CallUri(), null);

        Assert.Equal(HttpStatusCode.TooManyRequests, third);
    }

    [Fact]
    public async Task Handshake_UnsupportedSampleRate_RefusedWith400()
    {
        await using var context = await CallTestContext.StartAsync();

        var status = await HandshakeStatusAsync(context.Host.CallUri("audio=binary&inputRate=12345"), null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public Task Call_LongerThanMaxCallDuration_ClosedWithCallTimeLimit() =>
        AssertTimerEndsCallAsync(TimeSpan.FromMinutes(15), (o, due) => o.MaxCallDuration = due, "call_time_limit", CallEndReason.CallTimeLimit);

    [Fact]
    public Task Call_CallerSendsNothing_ClosedWithIdleTimeout() =>
        AssertTimerEndsCallAsync(TimeSpan.FromSeconds(60), (o, due) => o.IdleTimeout = due, "idle_timeout", CallEndReason.IdleTimeout);

    // A call whose limits run on a fake clock: reaching 'ready' uses none of them however slow the machine is. 'setLimit'
    // sets the limit under test to 'due'; the other limits are a day away. The call must still run one tick before 'due' (a
    // due timer fires inside Advance, so the state right after it is final for that instant) and end at 'due' with 'code'
    // and a normal close. It must end with the clock frozen: its close waits for the caller, not for time to pass.
    private static async Task AssertTimerEndsCallAsync(TimeSpan due, Action<VoiceAgentEndpointOptions, TimeSpan> setLimit, string code, CallEndReason reason)
    {
        // Arrange
        var time = new FakeTimeProvider();
        await using var context = await CallTestContext.StartAsync(
            o =>
            {
                o.MaxCallDuration = TimeSpan.FromDays(1);
                o.IdleTimeout = TimeSpan.FromDays(1);
                setLimit(o, due);
            },
            timeProvider: time);
        var ended = new TaskCompletionSource<CallSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Host.Observer.CallEnded += s => ended.TrySetResult(s);
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");
        var call = Assert.Single(context.Host.Observer.StartedCalls);

        // Act
        time.Advance(due - TimeSpan.FromTicks(1));
        var reasonJustBeforeDue = call.EndReason;
        time.Advance(TimeSpan.FromTicks(1));
        var error = await caller.WaitForAsync("error");
        var status = await caller.WaitForCloseAsync();

        // Assert
        Assert.Equal(CallEndReason.None, reasonJustBeforeDue);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal(reason, (await ended.Task.WaitAsync(TimeSpan.FromSeconds(30))).EndReason);
    }

    private static async Task<HttpStatusCode> HandshakeStatusAsync(Uri uri, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, cts.Token));
        return socket.HttpStatusCode;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, cts.Token); // polling a counter the server updates after the call's cleanup
        }
    }
}
