using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Endpoint;
using Xunit;

namespace RealtimeVoiceAgent.AspNetCore.Tests;

/// <summary>The endpoint under a <see cref="VoiceAgentDrain"/>: the call in progress finishes its work, new calls are refused.</summary>
public sealed class DrainTests
{
    private const string SaveArguments = "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"four one five two three four five six seven eight\"}";

    [Fact]
    public async Task Drain_SaveInFlight_CompletesAndCallGoesOnUntilTheCallerHangsUp()
    {
        await using var model = await FakeRealtimeServer.StartAsync();
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = model.Endpoint, ApiKey = "test-key" });
        var contacts = new HeldInsertRepository();
        var drain = new VoiceAgentDrain();
        await using var host = await RelayTestHost.StartAsync(client, contacts, drain: drain);
        model.Script
            .OnResponseCreate(r => r.Say("Hello! What is your full name?"))
            .AfterSpeech(turn => turn.Transcript("ada lovelace").CallFunction("save_contact", SaveArguments).ThenSay("Saved."));

        var caller = await TestCaller.ConnectAsync(host.CallUri());
        await caller.WaitForAsync("ready");
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        // Act: the drain starts while the save is in the repository.
        await contacts.InsertStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var drained = drain.DrainAsync(TimeSpan.FromMinutes(5));
        Assert.True(drain.IsDraining);
        await caller.WaitForAsync("call_ending");
        contacts.ReleaseInsert.SetResult();

        // Assert: the save completes and reaches the caller; the call goes on until the caller hangs up, which ends the drain.
        var saved = (await caller.WaitForAsync("contact_saved")).GetProperty("data");
        Assert.Equal("ada@example.com", saved.GetProperty("email").GetString());
        Assert.Single(await contacts.ListAsync(10));
        Assert.False(drained.IsCompleted);
        Assert.Equal(WebSocketState.Open, caller.Socket.State);
        await caller.DisposeAsync();
        await drained.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, drain.ActiveCalls);
    }

    [Fact]
    public async Task Drain_NewCall_IsRefusedWithServerDrainingAnd1013()
    {
        var drain = new VoiceAgentDrain();
        await using var host = await RelayTestHost.StartAsync(null, new InMemoryContactRepository(), drain: drain);
        await drain.DrainAsync(TimeSpan.FromSeconds(1));

        await using var caller = await TestCaller.ConnectAsync(host.CallUri());
        var error = await caller.WaitForAsync("error");

        Assert.Equal("server_draining", error.GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)1013, await caller.WaitForCloseAsync());
        Assert.Equal("server_draining", caller.Socket.CloseStatusDescription);
    }

    // An in-memory repository whose inserts wait until the test lets them finish.
    private sealed class HeldInsertRepository : ForwardingContactRepository
    {
        public TaskCompletionSource InsertStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseInsert { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default)
        {
            InsertStarted.TrySetResult();
            await ReleaseInsert.Task.WaitAsync(cancellationToken);
            return await Inner.InsertAsync(contact, cancellationToken);
        }
    }
}
