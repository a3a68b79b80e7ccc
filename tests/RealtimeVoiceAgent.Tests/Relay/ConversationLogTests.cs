using System;
using System.Linq;
using RealtimeVoiceAgent.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

public sealed class ConversationLogTests
{
    [Fact]
    public void GetReplay_CallerTranscriptDoneAfterTheReply_KeepsItsPlaceBeforeTheReply()
    {
        var log = new ConversationLog();
        log.ReserveUser("item_user");
        log.Add(new ConversationItem(ConversationItemKind.AssistantText, "Hi Ada."), "item_reply");
        log.SetUserTranscript("item_user", "my name is Ada");

        Assert.Equal(["my name is Ada", "Hi Ada."], log.GetReplay().Select(i => i.Text));
    }

    [Fact]
    public void GetReplay_ReservedPlaceWithoutTranscript_IsLeftOut()
    {
        var log = new ConversationLog();
        log.ReserveUser("item_user");
        log.Add(new ConversationItem(ConversationItemKind.AssistantText, "Hello."));

        Assert.Equal(["Hello."], log.GetReplay().Select(i => i.Text));
        Assert.Equal(1, log.Count);
    }

    [Fact]
    public void GetReplay_DeletedItem_IsGone()
    {
        var log = new ConversationLog();
        log.Add(new ConversationItem(ConversationItemKind.AssistantText, "Cut off"), "item_cut");
        log.Add(ConversationItem.User("typed"));
        log.Remove("item_cut");

        Assert.Equal(["typed"], log.GetReplay().Select(i => i.Text));
    }

    [Fact]
    public void GetReplay_CallWithoutOutputYet_IsReplayedAlone()
    {
        var log = new ConversationLog();
        log.Add(new ConversationItem(ConversationItemKind.FunctionCall, "{}", "call_1", "save"));

        var call = Assert.Single(log.GetReplay());
        Assert.Equal(("call_1", "save"), (call.CallId, call.Name));
    }

    [Fact]
    public void GetReplay_OverTheItemCap_KeepsTheNewestAndNeverAnOutputWithoutItsCall()
    {
        var log = new ConversationLog();
        log.Add(new ConversationItem(ConversationItemKind.FunctionCall, "{}", "call_old", "save"));
        log.Add(ConversationItem.FunctionOutput("call_old", "ok"));
        for (var i = 0; i < ConversationLog.MaxReplayItems - 1; i++)
        {
            log.Add(ConversationItem.User("line " + i));
        }

        var replay = log.GetReplay();

        // The cap cut the call; its output (the oldest item left) goes with it.
        Assert.Equal(ConversationLog.MaxReplayItems - 1, replay.Count);
        Assert.All(replay, i => Assert.Equal(ConversationItemKind.UserText, i.Kind));
        Assert.Equal("line " + (ConversationLog.MaxReplayItems - 2), replay[^1].Text);
    }

    [Fact]
    public void GetReplay_OverTheCharacterCap_KeepsTheNewest()
    {
        var log = new ConversationLog();
        var big = new string('x', ConversationLog.MaxReplayCharacters / 2);
        log.Add(ConversationItem.User("first " + big));
        log.Add(ConversationItem.User("second " + big));
        log.Add(ConversationItem.User("third"));

        Assert.Equal(["second", "third"], log.GetReplay().Select(i => i.Text.Split(' ')[0]));
    }

    [Fact]
    public void Add_PastTheKeptItems_ForgetsTheOldest()
    {
        var log = new ConversationLog();
        for (var i = 0; i < ConversationLog.MaxKeptItems + 10; i++)
        {
            log.Add(ConversationItem.User("line " + i));
        }

        Assert.Equal(ConversationLog.MaxKeptItems, log.Count);
    }

    [Theory]
    [InlineData(2, 125, 250)]
    [InlineData(3, 250, 500)]
    [InlineData(4, 500, 1000)]
    [InlineData(9, 2000, 4000)]
    public void ReconnectBackoff_DoublesWithJitterUpToTheCap(int attempt, double minMs, double maxMs)
    {
        Assert.Equal(TimeSpan.Zero, ReconnectBackoff.DelayBefore(1, 0.5));
        Assert.Equal(minMs, ReconnectBackoff.DelayBefore(attempt, 0).TotalMilliseconds);
        Assert.Equal(maxMs, ReconnectBackoff.DelayBefore(attempt, 1).TotalMilliseconds);
    }
}
