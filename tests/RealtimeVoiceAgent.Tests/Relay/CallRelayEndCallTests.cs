using System;
using System.Linq;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>The agent ends the call (<see cref="CallContext.EndCall"/>): after its last response reached the caller, with <see cref="CallEndReason.Completed"/>.</summary>
public sealed class CallRelayEndCallTests
{
    [Fact]
    public async Task RunAsync_ToolEndsTheCallInTheGoodbyeResponse_ClosesCompletedAfterAllItsAudio()
    {
        // Arrange: the model says goodbye (one second of audio) and calls the agent's end_call tool in the same response
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("Goodbye, have a nice day.", TimeSpan.FromSeconds(1)).CallFunction("end_call", "{}", callId: "call_end"));
        await using var relay = TestRelay.Create(model, context => new TestAgent
        {
            GreetingText = "Say goodbye.",
            ToolList = [ToolRegistry.CreateFunction(() => { context.EndCall(); return "ok"; }, "end_call")],
        });
        var caller = new InMemoryCallerTransport();

        // Act
        var reason = await relay.Relay.RunAsync(caller).WaitAsync(TimeSpan.FromSeconds(30));
        var received = await caller.ReadToEndAsync();

        // Assert: every byte of the goodbye (1 s of PCM16 24 kHz) reached the caller before the close; no error, no follow-up
        Assert.Equal(CallEndReason.Completed, reason);
        Assert.Equal(CallEndReason.Completed, caller.ClosedWith);
        Assert.False(caller.Aborted);
        Assert.Equal(48_000, received.Where(o => o.Audio is not null).Sum(o => o.Audio!.Length));
        Assert.DoesNotContain(received, o => o.Type == "error");
        Assert.Single(model.ReceivedEvents, e => e.Type == "response.create");
    }

    [Fact]
    public async Task RunAsync_EndCallWithNoResponseInProgress_EndsAtOnce()
    {
        // Arrange: an agent that ends its call as soon as it starts (no greeting, nothing to finish)
        await using var model = await FakeRealtimeServer.StartAsync();
        await using var relay = TestRelay.Create(model, context => new TestAgent { OnStarted = context.EndCall });
        var caller = new InMemoryCallerTransport();

        // Act
        var reason = await relay.Relay.RunAsync(caller).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(CallEndReason.Completed, reason);
        Assert.Equal(CallEndReason.Completed, caller.ClosedWith);
        Assert.DoesNotContain(model.ReceivedEvents, e => e.Type == "response.create");
    }

    [Fact]
    public async Task RunAsync_EndCallWhileTypedInputWaits_DropsTheWaitingAnswer()
    {
        // Arrange: the greeting is held; the caller types, then the agent ends the call
        await using var model = await FakeRealtimeServer.StartAsync();
        var release = new TaskCompletionSource();
        model.Script.OnResponseCreate(r => r.Say("Thanks for calling, goodbye.").HoldUntil(release.Task));
        CallContext? call = null;
        await using var relay = TestRelay.Create(model, context =>
        {
            call = context;
            return new TestAgent { GreetingText = "Say goodbye." };
        });
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await caller.TypeAsync("one more thing");
        await model.WaitForClientEventAsync("conversation.item.create");
        call!.EndCall();
        release.SetResult();
        var reason = await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the greeting finished, the call ended, and the typed input's answer was never asked for
        Assert.Equal(CallEndReason.Completed, reason);
        Assert.True(call.IsEndRequested);
        Assert.Single(model.ReceivedEvents, e => e.Type == "response.create");
    }
}
