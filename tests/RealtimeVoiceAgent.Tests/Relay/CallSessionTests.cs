using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Testing;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>CallSession without Kestrel: an in-memory caller and the fake model.</summary>
public sealed class CallSessionTests
{
    internal sealed class GreetingAgent : ICallAgent
    {
        public RealtimeSessionConfiguration SessionConfiguration { get; } = new() { Instructions = "Collect contacts.", TurnDetection = RealtimeTurnDetection.SemanticVad };

        public RealtimeResponseOptions Greeting { get; } = new() { Instructions = "Greet." };

        public ValueTask<CallToolOutcome> InvokeToolAsync(string callId, string name, string argumentsJson, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new CallToolOutcome("{}", null, default));
    }

    internal static async Task<string> NextTypeAsync(InMemoryCallerTransport caller)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (kind, data) = await caller.ToCaller.Reader.ReadAsync(cts.Token);
            if (kind == CallerMessageKind.Text)
            {
                return JsonDocument.Parse(data).RootElement.GetProperty("type").GetString()!;
            }
        }
    }

    [Fact]
    public async Task RunAsync_CallerHangsUp_GreetsThenEndsAndClosesTheModel()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("Hello there"));
        var caller = new InMemoryCallerTransport();
        var session = new CallSession("call_test", caller, new RealtimeClient(new RealtimeClientOptions { Endpoint = model.Endpoint }), new GreetingAgent(),
            CallerProtocolOptions.Default, new CallSessionSettings(), NullLogger.Instance);

        // Act
        var run = session.RunAsync(CancellationToken.None);
        Assert.Equal("ready", await NextTypeAsync(caller));
        Assert.Equal("audio_delta", await NextTypeAsync(caller));
        caller.FromCaller.Writer.Complete(); // hang up
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(CallEndReason.CallerClosed, session.EndReason);
        Assert.Equal(CallEndReason.CallerClosed, caller.ClosedWith);
        Assert.Single(model.ReceivedEvents, e => e.Type == "session.update");
        Assert.Single(model.ReceivedEvents, e => e.Type == "response.create");
    }

    [Fact]
    public async Task RunAsync_CallerStopsReading_EndsAsSlowConsumerWithBoundedBuffer()
    {
        // Arrange: the caller's sends never complete, and the model talks for a minute.
        const int Limit = 32 * 1024;
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("A long speech", TimeSpan.FromMinutes(1)));
        var caller = new InMemoryCallerTransport { SendGate = new TaskCompletionSource() };
        var session = new CallSession("call_test", caller, new RealtimeClient(new RealtimeClientOptions { Endpoint = model.Endpoint }), new GreetingAgent(),
            CallerProtocolOptions.Default, new CallSessionSettings { MaxOutboundBufferBytes = Limit, CloseTimeout = TimeSpan.FromMilliseconds(200) }, NullLogger.Instance);

        // Act
        await session.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: dropped (no close frame can reach a caller that does not read) with at most one message over the limit.
        Assert.Equal(CallEndReason.SlowConsumer, session.EndReason);
        Assert.True(caller.Aborted);
        Assert.InRange(session.PeakOutboundBufferedBytes, 1, Limit + (8 * 1024));
    }

    [Fact]
    public async Task RunAsync_BadMessage_AnswersBadMessageAndKeepsRelaying()
    {
        await using var model = await FakeRealtimeServer.StartAsync();
        var caller = new InMemoryCallerTransport();
        var session = new CallSession("call_test", caller, new RealtimeClient(new RealtimeClientOptions { Endpoint = model.Endpoint }), new GreetingAgent(),
            CallerProtocolOptions.Default, new CallSessionSettings(), NullLogger.Instance);
        var run = session.RunAsync(CancellationToken.None);
        Assert.Equal("ready", await NextTypeAsync(caller));

        await caller.FromCaller.Writer.WriteAsync((CallerMessageKind.Text, Encoding.UTF8.GetBytes("{\"type\":\"nope\"}")));
        await caller.FromCaller.Writer.WriteAsync((CallerMessageKind.Text, Encoding.UTF8.GetBytes($"{{\"type\":\"audio_chunk\",\"data\":\"{Convert.ToBase64String(new byte[2400])}\"}}")));

        Assert.Equal("error", await NextTypeAsync(caller));
        var append = await model.WaitForClientEventAsync("input_audio_buffer.append");
        Assert.True(append.Accepted);
        caller.FromCaller.Writer.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CallEndReason.CallerClosed, session.EndReason);
    }

    [Fact]
    public async Task RunAsync_SlowTool_CallerEventsFlowMeanwhileAndOneFollowUpComesAfterTheOutput()
    {
        // Arrange: the greeting response calls a tool that does not answer until the test says so.
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.CallFunction("save_contact", "{}", callId: "call_slow"))
            .OnResponseCreate(r => r.Say("Saved."));
        var agent = new SlowToolAgent();
        var (caller, session) = NewCall(model, agent);

        // Act: while the tool runs, the caller starts speaking.
        var run = session.RunAsync(CancellationToken.None);
        Assert.Equal("ready", await NextTypeAsync(caller));
        await agent.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await model.WaitForClientEventAsync("response.create");
        await model.SendEventAsync("""{"type":"input_audio_buffer.speech_started","event_id":"event_speech","audio_start_ms":0,"item_id":"item_user"}""");
        string duringTool = await NextTypeAsync(caller);
        bool toolStillRunning = !agent.Release.Task.IsCompleted;
        agent.Release.SetResult();
        var followUp = await model.WaitForClientEventAsync("response.create", occurrence: 2);
        caller.FromCaller.Writer.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: "listening" reached the caller while the tool was still running (the model loop did not wait for it),
        // and the follow-up was requested once, after the tool's output.
        Assert.Equal(("listening", true), (duringTool, toolStillRunning));
        var events = model.ReceivedEvents.ToList();
        int output = events.FindIndex(e => e.Type == "conversation.item.create" && e.Json.Contains("call_slow", StringComparison.Ordinal));
        Assert.InRange(output, 0, events.IndexOf(followUp) - 1);
        Assert.Equal(2, events.Count(e => e.Type == "response.create"));
        Assert.Equal(CallEndReason.CallerClosed, session.EndReason);
    }

    [Fact]
    public async Task RunAsync_TwoToolsInOneResponse_RunInOrderWithOneFollowUpAfterBoth()
    {
        // Arrange: one response calls two tools (the contact tools expect a save to finish before an update starts).
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.CallFunction("save_contact", "{}", callId: "call_a").CallFunction("update_contact", "{}", callId: "call_b"))
            .OnResponseCreate(r => r.Say("Done."));
        var agent = new SlowToolAgent();
        var (caller, session) = NewCall(model, agent);

        // Act
        var run = session.RunAsync(CancellationToken.None);
        Assert.Equal("ready", await NextTypeAsync(caller));
        await agent.WaitStartedAsync("call_a");
        await Task.Delay(200); // room for a wrong implementation to start call_b beside call_a
        await agent.ReleaseOne("call_a");
        await model.WaitForClientEventAsync(e => e.Type == "conversation.item.create" && e.Json.Contains("call_a", StringComparison.Ordinal));
        await agent.ReleaseOne("call_b");
        var followUp = await model.WaitForClientEventAsync("response.create", occurrence: 2);
        caller.FromCaller.Writer.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: b started only after a answered; both outputs before the one follow-up.
        Assert.Equal(1, agent.MaxRunningAtOnce);
        Assert.Equal(["call_a", "call_b"], agent.StartOrder);
        var events = model.ReceivedEvents.ToList();
        int outputB = events.FindIndex(e => e.Type == "conversation.item.create" && e.Json.Contains("call_b", StringComparison.Ordinal));
        Assert.InRange(outputB, 0, events.IndexOf(followUp) - 1);
        Assert.Equal(2, events.Count(e => e.Type == "response.create"));
    }

    [Fact]
    public async Task RunAsync_ToolThatThrows_EndsTheCallAsInternalErrorAndTellsTheCaller()
    {
        // Arrange: an agent whose tool call fails outside the tool registry's own error handling.
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.CallFunction("save_contact", "{}", callId: "call_broken"));
        var (caller, session) = NewCall(model, new ThrowingToolAgent());

        // Act
        await session.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the caller is told why (error internal_error, then the close) and the model session is closed.
        Assert.Equal(CallEndReason.InternalError, session.EndReason);
        Assert.Equal(CallEndReason.InternalError, caller.ClosedWith);
        string? errorCode = null;
        while (caller.ToCaller.Reader.TryRead(out var message))
        {
            if (message.Kind == CallerMessageKind.Text && JsonDocument.Parse(message.Data).RootElement is { } root && root.GetProperty("type").GetString() == "error")
            {
                errorCode = root.GetProperty("code").GetString();
            }
        }

        Assert.Equal("internal_error", errorCode);
        Assert.DoesNotContain(model.ReceivedEvents, e => e.Type == "conversation.item.create" && e.Json.Contains("call_broken", StringComparison.Ordinal));
    }

    private sealed class ThrowingToolAgent : ICallAgent
    {
        public RealtimeSessionConfiguration SessionConfiguration { get; } = new() { Instructions = "Collect contacts." };

        public RealtimeResponseOptions Greeting { get; } = new() { Instructions = "Greet." };

        public ValueTask<CallToolOutcome> InvokeToolAsync(string callId, string name, string argumentsJson, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("agent bug");
    }

    private static (InMemoryCallerTransport Caller, CallSession Session) NewCall(FakeRealtimeServer model, ICallAgent agent)
    {
        var caller = new InMemoryCallerTransport();
        return (caller, new CallSession("call_test", caller, new RealtimeClient(new RealtimeClientOptions { Endpoint = model.Endpoint }), agent,
            CallerProtocolOptions.Default, new CallSessionSettings(), NullLogger.Instance));
    }

    private sealed class SlowToolAgent : ICallAgent
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RealtimeSessionConfiguration SessionConfiguration { get; } = new() { Instructions = "Collect contacts.", TurnDetection = RealtimeTurnDetection.SemanticVad };

        public RealtimeResponseOptions Greeting { get; } = new() { Instructions = "Greet." };

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _perCall = new();

        public System.Collections.Concurrent.ConcurrentQueue<string> StartOrder { get; } = new();

        private int _running;

        public int MaxRunningAtOnce { get; private set; }

        public async ValueTask<CallToolOutcome> InvokeToolAsync(string callId, string name, string argumentsJson, CancellationToken cancellationToken)
        {
            StartOrder.Enqueue(callId);
            int running = Interlocked.Increment(ref _running);
            lock (StartOrder)
            {
                MaxRunningAtOnce = Math.Max(MaxRunningAtOnce, running);
            }

            var own = _perCall.GetOrAdd(callId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            Started.TrySetResult();
            try
            {
                await Task.WhenAny(Release.Task, own.Task).WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }

            return new CallToolOutcome("{\"ok\":true}", null, default);
        }

        public async Task WaitStartedAsync(string callId)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!StartOrder.Contains(callId))
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        // Releases one tool call, waiting until it has started.
        public async Task ReleaseOne(string callId)
        {
            await WaitStartedAsync(callId);
            _perCall[callId].TrySetResult();
        }
    }
}
