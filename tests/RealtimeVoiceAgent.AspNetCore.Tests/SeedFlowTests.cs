using System;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Tasks;
using RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Endpoint;
using Xunit;

namespace RealtimeVoiceAgent.AspNetCore.Tests;

/// <summary>
/// The seed's call, step by step (seed-flow.md sections 1-12), over a real /ws in both caller protocol modes. The contact
/// call runs on both model protocols (Realtime GA and GPT-Live) with the same script and the same caller-side assertions:
/// only the wire names of the model side differ. Barge-in and cancel are Realtime-only (GPT-Live cannot truncate), with a
/// GPT-Live counterpart that checks nothing is sent.
/// </summary>
public sealed class SeedFlowTests
{
    public static TheoryData<ModelProtocol> Protocols => new() { ModelProtocol.Realtime, ModelProtocol.Live };

    private const string SaveArguments = "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"four one five two three four five six seven eight\"}";
    private const string UpdateArguments = "{\"email\":\"ada dot lovelace at example dot org\"}";

    private static void ScriptContactCall(FakeRealtimeServer model) => ScriptContactCall(model.Script);

    private static void ScriptContactCall(FakeRealtimeScript script)
    {
        script
            .OnResponseCreate(r => r.Say("Hello! I will take your contact details. What is your full name?"))
            .AfterSpeech(turn => turn
                .Transcript("I am ada lovelace, ada at example dot com, four one five two three four five six seven eight")
                .CallFunction("save_contact", SaveArguments)
                .ThenSay("Thanks Ada, I saved your details."))
            .AfterSpeech(turn => turn
                .Transcript("wait, my email is ada dot lovelace at example dot org")
                .CallFunction("update_contact", UpdateArguments)
                .ThenSay("Done, I updated your email."));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Call_JsonV1Caller_IsGreetedSavesContactCorrectsItAndHangsUp(ModelProtocol protocol)
    {
        await using var context = await CallTestContext.StartAsync(protocol);
        ScriptContactCall(context.Fake.Script);

        // 1-4: connect; the server configures the session, requests the greeting once, then says ready.
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");
        var configure = (await context.Fake.WaitForClientEventAsync(context.Fake.ConfigureEventType)).Parse();
        var session = configure.GetProperty("session");
        Assert.Contains("name", session.GetProperty("instructions").GetString(), StringComparison.OrdinalIgnoreCase);
        // Realtime: session tools; GPT-Live: function tools of the Responses delegation backend.
        var toolList = protocol == ModelProtocol.Live ? session.GetProperty("delegation").GetProperty("responses").GetProperty("tools") : session.GetProperty("tools");
        var tools = toolList.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["end_call", "record_contact_field", "save_contact", "update_contact"], tools.Order());

        // 8: the greeting's audio and caption reach the caller.
        var delta = await caller.WaitForAsync("audio_delta");
        Assert.True(Convert.FromBase64String(delta.GetProperty("data").GetString()!).Length > 0);
        var greeting = await caller.WaitForAsync("text");
        Assert.Equal("Hello! I will take your contact details. What is your full name?", greeting.GetProperty("data").GetString());

        // 5-7: the caller speaks (audio_chunk, base64 24 kHz, 50 ms each): listening, then processing.
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        await caller.WaitForAsync("listening");
        await caller.WaitForAsync("processing");

        // 9: save_contact -> normalised contact stored -> contact_saved, then the model confirms.
        var saved = (await caller.WaitForAsync("contact_saved")).GetProperty("data");
        Assert.Equal("Ada Lovelace", saved.GetProperty("name").GetString());
        Assert.Equal("ada@example.com", saved.GetProperty("email").GetString());
        Assert.Equal("+14152345678", saved.GetProperty("phone").GetString());
        var id = saved.GetProperty("id").GetString();
        Assert.Equal("Thanks Ada, I saved your details.", (await caller.WaitForAsync("text")).GetProperty("data").GetString());
        var output = (await context.Fake.WaitForMatchingClientEventAsync(e => e.Type == context.Fake.ItemEventType && e.Json.Contains("function_call_output", StringComparison.Ordinal))).Parse();
        Assert.Contains("ada@example.com", output.GetProperty("item").GetProperty("output").GetString(), StringComparison.Ordinal);

        // 10: a correction -> update_contact -> contact_updated with the same id.
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        var updated = (await caller.WaitForAsync("contact_updated")).GetProperty("data");
        Assert.Equal(id, updated.GetProperty("id").GetString());
        Assert.Equal("ada.lovelace@example.org", updated.GetProperty("email").GetString());
        Assert.Equal("Done, I updated your email.", (await caller.WaitForAsync("text")).GetProperty("data").GetString());

        // 12: the caller hangs up; the server closes the model connection and the call ends as the caller's.
        var ended = new TaskCompletionSource<CallSession>();
        context.Host.Observer.CallEnded += s => ended.TrySetResult(s);
        await caller.DisposeAsync();
        var call = await ended.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CallEndReason.CallerClosed, call.EndReason);
        var stored = await context.Host.Contacts.GetAsync(id!);
        Assert.NotNull(stored);
        Assert.Equal("ada.lovelace@example.org", stored.Email);

        // The greeting was requested exactly once, and one follow-up per tool call (GPT-Live: the greeting is an
        // instructions append, the follow-ups continue the delegation backend).
        if (protocol == ModelProtocol.Live)
        {
            Assert.Single(context.Fake.ReceivedEvents, e => e.Type == "session.instructions.append");
            Assert.Equal(2, context.Fake.ReceivedEvents.Count(e => e.Type == "response.create"));
        }
        else
        {
            Assert.Equal(3, context.Fake.ReceivedEvents.Count(e => e.Type == "response.create"));
        }

        Assert.All(context.Fake.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Call_AgentEndsTheCallAfterItsGoodbye_BrowserSeesNormalClosureCompleted(ModelProtocol protocol)
    {
        // Arrange: the contact agent says goodbye and calls its end_call tool in the same response
        await using var context = await CallTestContext.StartAsync(protocol);
        context.Fake.Script.OnResponseCreate(r => r.Say("Thanks for calling. Goodbye!").CallFunction("end_call", "{}"));
        var ended = new TaskCompletionSource<CallSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Host.Observer.CallEnded += s => ended.TrySetResult(s);
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        // Act
        var status = await caller.WaitForCloseAsync();

        // Assert: the goodbye's audio and caption came first, no error, then a normal close whose reason says why
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal("completed", caller.Socket.CloseStatusDescription);
        Assert.Contains(caller.Messages, m => m.GetProperty("type").GetString() == "audio_delta");
        Assert.Contains(caller.Messages, m => m.GetProperty("type").GetString() == "text" && m.GetProperty("data").GetString() == "Thanks for calling. Goodbye!");
        Assert.DoesNotContain(caller.Messages, m => m.GetProperty("type").GetString() == "error");
        Assert.Equal(CallEndReason.Completed, (await ended.Task.WaitAsync(TimeSpan.FromSeconds(30))).EndReason);
    }

    [Fact]
    public async Task Call_Binary48kHzCaller_GetsResampledAudioAndSavesContact()
    {
        await using var context = await CallTestContext.StartAsync();
        ScriptContactCall(context.Model);

        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri("audio=binary&inputRate=48000&outputRate=48000&transcripts=1&responseDone=1"));
        await caller.WaitForAsync("ready");

        // The greeting arrives as an audio_item announcement and binary 48 kHz frames (twice the model's 24 kHz bytes, give or take the filter's edges).
        var item = await caller.WaitForAsync("audio_item");
        Assert.StartsWith("item", item.GetProperty("itemId").GetString(), StringComparison.Ordinal);
        await caller.WaitForAsync("text");
        var transcript = await caller.WaitForAsync("transcript");
        Assert.Equal("assistant", transcript.GetProperty("role").GetString());
        var done = await caller.WaitForAsync("response_done");
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var received = caller.BinaryFrames.Sum(f => f.Length);
        Assert.InRange(received, 2 * 14400 * 9 / 10, 2 * 14400 * 11 / 10); // 300 ms at 48 kHz = 14400 samples

        // The caller speaks in 48 kHz binary frames; the model receives 24 kHz.
        foreach (var frame in TestAudio.Chunks(TestAudio.Utterance(48000), 48000))
        {
            await caller.SendBinaryAsync(frame);
        }

        await caller.WaitForAsync("listening");
        await caller.WaitForAsync("processing");
        var saved = (await caller.WaitForAsync("contact_saved")).GetProperty("data");
        Assert.Equal("ada@example.com", saved.GetProperty("email").GetString());
        // One append per 50 ms frame: wait for all 24 before summing what the model received.
        await context.Model.WaitForClientEventAsync("input_audio_buffer.append", occurrence: 24);
        var appended = context.Model.ReceivedEvents.Where(e => e.Type == "input_audio_buffer.append")
            .Sum(e => Convert.FromBase64String(e.Parse().GetProperty("audio").GetString()!).Length);
        Assert.InRange(appended, 2 * 28800 * 9 / 10, 2 * 28800 * 11 / 10); // 1.2 s at 24 kHz = 28800 samples
    }

    [Fact]
    public async Task Call_CallerCancel_StopsReplyAndTruncatesAtPlayedPosition()
    {
        await using var context = await CallTestContext.StartAsync();
        var release = new TaskCompletionSource();
        context.Model.Script.OnResponseCreate(r => r.Say("This is a long greeting that goes on and on.", TimeSpan.FromSeconds(2)).HoldUntil(release.Task));

        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");
        var delta = await caller.WaitForAsync("audio_delta");
        var itemId = delta.GetProperty("itemId").GetString();
        await caller.WaitForAsync("text"); // all audio sent; the response is held open

        // 11: the caller interrupts after hearing 700 ms.
        await caller.SendJsonAsync($"{{\"type\":\"cancel\",\"itemId\":\"{itemId}\",\"playedMs\":700}}");
        await context.Model.WaitForClientEventAsync("response.cancel");
        var truncate = (await context.Model.WaitForClientEventAsync("conversation.item.truncate")).Parse();
        Assert.Equal(itemId, truncate.GetProperty("item_id").GetString());
        Assert.Equal(700, truncate.GetProperty("audio_end_ms").GetInt32());
        release.TrySetResult();
    }

    [Fact]
    public async Task Call_BargeIn_TruncatesAtReportedPlaybackPositionWithoutRedundantCancel()
    {
        await using var context = await CallTestContext.StartAsync();
        var release = new TaskCompletionSource();
        context.Model.Script.OnResponseCreate(r => r.Say("A greeting the caller talks over.", TimeSpan.FromSeconds(2)).HoldUntil(release.Task));

        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");
        var itemId = (await caller.WaitForAsync("audio_delta")).GetProperty("itemId").GetString();
        await caller.WaitForAsync("text");
        await caller.SendJsonAsync($"{{\"type\":\"playback\",\"itemId\":\"{itemId}\",\"playedMs\":1200}}");

        foreach (var chunk in TestAudio.Chunks(TestAudio.Tone(300, 24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        await caller.WaitForAsync("listening");
        var truncate = (await context.Model.WaitForClientEventAsync("conversation.item.truncate")).Parse();
        Assert.Equal(1200, truncate.GetProperty("audio_end_ms").GetInt32());
        // Semantic VAD interrupts the response itself, so the relay does not send response.cancel on speech.
        Assert.DoesNotContain(context.Model.ReceivedEvents, e => e.Type == "response.cancel");
        release.TrySetResult();
    }

    [Fact]
    public async Task Call_BargeInBeforeAnyAudioPlayed_DeletesItem()
    {
        await using var context = await CallTestContext.StartAsync();
        var release = new TaskCompletionSource();
        context.Model.Script.OnResponseCreate(r => r.Say("Unheard greeting.", TimeSpan.FromSeconds(1)).HoldUntil(release.Task));

        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");
        var itemId = (await caller.WaitForAsync("audio_delta")).GetProperty("itemId").GetString();
        await caller.WaitForAsync("text");
        await caller.SendJsonAsync($"{{\"type\":\"cancel\",\"itemId\":\"{itemId}\",\"playedMs\":0}}");

        var delete = (await context.Model.WaitForClientEventAsync("conversation.item.delete")).Parse();
        Assert.Equal(itemId, delete.GetProperty("item_id").GetString());
        release.TrySetResult();
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Call_TypedFieldEdit_ReachesTheContactAgentAndUnknownTypesStillGetBadMessage(ModelProtocol protocol)
    {
        await using var context = await CallTestContext.StartAsync(protocol);
        ScriptContactCall(context.Fake.Script);

        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");

        // A typed field is an app message the host passes to the contact agent: it answers with the field as it will be stored.
        await caller.SendJsonAsync("{\"type\":\"contact_field_edit\",\"field\":\"phone\",\"value\":\"(415) 234-5678\"}");
        var field = (await caller.WaitForAsync("contact_field")).GetProperty("data");
        Assert.Equal("phone", field.GetProperty("field").GetString());
        Assert.Equal("+14152345678", field.GetProperty("value").GetString());
        Assert.Equal("+1 415-234-5678", field.GetProperty("display").GetString());
        Assert.Equal("typed", field.GetProperty("source").GetString());
        Assert.True(field.GetProperty("valid").GetBoolean());
        // Realtime: a system message; GPT-Live: a developer message for the delegation backend.
        var system = (await context.Fake.WaitForClientEventAsync(context.Fake.ItemEventType)).Parse();
        Assert.Equal(protocol == ModelProtocol.Live ? "developer" : "system", system.GetProperty("item").GetProperty("role").GetString());

        // A type nobody knows is answered as before app messages existed.
        await caller.SendJsonAsync("{\"type\":\"dance\"}");
        var error = await caller.WaitForAsync("error");
        Assert.Equal("bad_message", error.GetProperty("code").GetString());
        Assert.Equal("Unknown message type \"dance\".", error.GetProperty("data").GetString());
    }

    [Fact]
    public async Task Call_LiveBargeIn_CallerHearsListeningAndNothingIsCutOnTheModel()
    {
        // Arrange: GPT-Live cannot truncate
        await using var context = await CallTestContext.StartAsync(ModelProtocol.Live);
        context.Fake.Script
            .OnResponseCreate(r => r.Say("A greeting the caller talks over.", TimeSpan.FromSeconds(1)))
            .AfterSpeech(turn => turn.Transcript("sorry, can you repeat").Say("Of course."));
        await using var caller = await TestCaller.ConnectAsync(context.Host.CallUri());
        await caller.WaitForAsync("ready");
        await caller.WaitForAsync("audio_delta");

        // Act: the caller speaks
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        await caller.WaitForAsync("listening");
        while ((await caller.WaitForAsync("text")).GetProperty("data").GetString() != "Of course.")
        {
        }

        // Assert: the caller stopped its playback locally (listening); the model got no cancel/truncate/delete (it has none)
        Assert.All(context.Fake.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
        Assert.DoesNotContain(context.Fake.ReceivedEvents, e => e.Type.StartsWith("conversation.", StringComparison.Ordinal) || e.Type == "response.cancel");
    }
}
