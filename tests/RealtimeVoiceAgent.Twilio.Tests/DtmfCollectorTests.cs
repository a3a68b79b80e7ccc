using System;
using Microsoft.Extensions.Time.Testing;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

public sealed class DtmfCollectorTests
{
    private readonly FakeTimeProvider _time = new();

    private DtmfCollector Create() => new(TimeSpan.FromSeconds(3), _time);

    [Fact]
    public void Add_KeysThenHash_HandsOverTheKeysWithoutTheHash()
    {
        var keypad = Create();
        foreach (var key in "415555267")
        {
            Assert.Null(keypad.Add(key));
        }

        Assert.Null(keypad.Add('1'));
        Assert.Equal("4155552671", keypad.Add('#'));
        Assert.Null(keypad.TakePending());
    }

    [Fact]
    public void TakeIfPaused_PauseAfterTheLastKey_HandsOverThenNothingMore()
    {
        var keypad = Create();
        keypad.Add('1');
        _time.Advance(TimeSpan.FromSeconds(2));
        keypad.Add('*');
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Null(keypad.TakeIfPaused());

        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal("1*", keypad.TakeIfPaused());
        Assert.Null(keypad.TakeIfPaused());
    }

    [Fact]
    public void Add_HashAlone_NothingToHandOver()
    {
        Assert.Null(Create().Add('#'));
    }

    [Fact]
    public void Add_MoreThanMaxKeys_HandedOverInParts()
    {
        var keypad = Create();
        string? full = null;
        for (var i = 0; i < DtmfCollector.MaxKeys; i++)
        {
            full = keypad.Add('7');
        }

        Assert.Equal(new string('7', DtmfCollector.MaxKeys), full);
        Assert.Null(keypad.TakePending());
    }
}
