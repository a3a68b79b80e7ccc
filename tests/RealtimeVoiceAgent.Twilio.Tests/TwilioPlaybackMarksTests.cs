using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>Marks: named after the item and the milliseconds of it sent; their echoes say what the caller heard.</summary>
public sealed class TwilioPlaybackMarksTests
{
    private static string Sent(TwilioPlaybackMarks marks, string itemId, int bytes)
    {
        var name = new char[TwilioPlaybackMarks.MaxNameLength(itemId.Length)];
        return new string(name, 0, marks.OnAudioSent(itemId, bytes, name));
    }

    private static bool Echo(TwilioPlaybackMarks marks, string name, out string? itemId, out int playedMs) =>
        marks.TryTakePlayed(Encoding.UTF8.GetBytes(name), out itemId, out playedMs);

    [Fact]
    public void OnAudioSent_PiecesOfOneItem_NamesCarryTheCumulativeMilliseconds()
    {
        var marks = new TwilioPlaybackMarks();

        Assert.Equal("item_a:100", Sent(marks, "item_a", 800));
        Assert.Equal("item_a:250", Sent(marks, "item_a", 1200));
        Assert.Equal("item_b:20", Sent(marks, "item_b", 160));
    }

    [Fact]
    public void TryTakePlayed_EchoOfAMark_GivesItemAndPlayedMilliseconds()
    {
        var marks = new TwilioPlaybackMarks();
        var name = Sent(marks, "item_a", 4000);

        Assert.True(Echo(marks, name, out var itemId, out var playedMs));
        Assert.Equal("item_a", itemId);
        Assert.Equal(500, playedMs);
    }

    [Fact]
    public void TryTakePlayed_EchoesAfterClear_IgnoredForTheClearedItemOnly()
    {
        var marks = new TwilioPlaybackMarks();
        var first = Sent(marks, "item_a", 800);
        var second = Sent(marks, "item_a", 800);

        Assert.True(Echo(marks, first, out _, out _));
        marks.OnClear();
        Assert.False(Echo(marks, second, out _, out _));

        var next = Sent(marks, "item_b", 800);
        Assert.True(Echo(marks, next, out var itemId, out var playedMs));
        Assert.Equal(("item_b", 100), (itemId, playedMs));
    }

    [Theory]
    [InlineData("no-colon")]
    [InlineData("item:")]
    [InlineData(":100")]
    [InlineData("item:12x")]
    [InlineData("item:-5")]
    public void TryTakePlayed_NameNotOurs_Ignored(string name)
    {
        Assert.False(Echo(new TwilioPlaybackMarks(), name, out _, out _));
    }

    [Fact]
    public async Task WaitUntilAllEchoedAsync_CompletesWhenTheLastMarkComesBack()
    {
        var marks = new TwilioPlaybackMarks();
        var first = Sent(marks, "item_a", 800);
        var second = Sent(marks, "item_a", 800);
        var time = new FakeTimeProvider();

        var wait = marks.WaitUntilAllEchoedAsync(TimeSpan.FromSeconds(4), time, CancellationToken.None);
        Echo(marks, first, out _, out _);
        Assert.False(wait.IsCompleted);
        Echo(marks, second, out _, out _);

        Assert.True(await wait);
        Assert.True(marks.AllEchoed);
    }

    [Fact]
    public async Task WaitUntilAllEchoedAsync_MarkNeverEchoed_FalseAfterTheTimeout()
    {
        var marks = new TwilioPlaybackMarks();
        Sent(marks, "item_a", 800);
        var time = new FakeTimeProvider();

        var wait = marks.WaitUntilAllEchoedAsync(TimeSpan.FromSeconds(4), time, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.False(await wait);
    }
}
