using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>The relay over a model provider other than RealtimeClient, whose events come from the model factory.</summary>
public sealed class CallRelayModelSeamTests
{
    [Fact]
    public async Task RunAsync_ProviderYieldingFactoryEvents_PlaysAudioAndAnswersTheFunctionCall()
    {
        // Arrange
        var model = new ScriptedVoiceModel();
        var greet = ToolRegistry.CreateFunction((string name) => "hello " + name, "greet", "Greets someone.");
        await using var relay = TestRelay.Create(new Uri("ws://127.0.0.1:9"), _ => new TestAgent { ToolList = [greet] }, services => services.AddSingleton<VoiceModelClient>(model));
        var caller = new InMemoryCallerTransport();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Act
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        model.Push(RealtimeVoiceAgentModelFactory.ResponseCreated(RealtimeVoiceAgentModelFactory.Response("resp_1", RealtimeResponseStatus.InProgress)));
        model.Push(RealtimeVoiceAgentModelFactory.ResponseOutputAudioDelta("resp_1", "item_audio", 0, 0, new byte[] { 1, 0, 2, 0 }));
        RealtimeItem call = RealtimeVoiceAgentModelFactory.Item(
            id: "item_call", type: RealtimeItemType.FunctionCall, status: RealtimeItemStatus.Completed, callId: "call_1", name: "greet", arguments: """{"name":"Ada"}""");
        model.Push(RealtimeVoiceAgentModelFactory.ResponseOutputItemDone("resp_1", 1, call));
        model.Push(RealtimeVoiceAgentModelFactory.ResponseDone(RealtimeVoiceAgentModelFactory.Response("resp_1", RealtimeResponseStatus.Completed, output: [call])));
        CallerOutput audio = await caller.ToCaller.Reader.ReadAsync(timeout.Token);
        string configure = await model.Sent.ReadAsync(timeout.Token);
        string output = await model.Sent.ReadAsync(timeout.Token);
        string followUp = await model.Sent.ReadAsync(timeout.Token);
        caller.HangUp();
        CallEndReason reason = await run.WaitAsync(timeout.Token);

        // Assert
        Assert.Equal(new byte[] { 1, 0, 2, 0 }, audio.Audio);
        Assert.Equal("item_audio", audio.ItemId);
        Assert.Equal("configure", configure);
        Assert.StartsWith("output call_1 ", output, StringComparison.Ordinal);
        Assert.Contains("hello Ada", output, StringComparison.Ordinal);
        Assert.Equal("response.create", followUp);
        Assert.Equal(CallEndReason.CallerClosed, reason);
    }
}
