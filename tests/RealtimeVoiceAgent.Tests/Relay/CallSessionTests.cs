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
    private sealed class GreetingAgent : ICallAgent
    {
        public RealtimeSessionConfiguration SessionConfiguration { get; } = new() { Instructions = "Collect contacts.", TurnDetection = RealtimeTurnDetection.SemanticVad };

        public RealtimeResponseOptions Greeting { get; } = new() { Instructions = "Greet." };

        public ValueTask<CallToolOutcome> InvokeToolAsync(string callId, string name, string argumentsJson, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new CallToolOutcome("{}", null, default));
    }

    private static async Task<string> NextTypeAsync(InMemoryCallerTransport caller)
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
}
