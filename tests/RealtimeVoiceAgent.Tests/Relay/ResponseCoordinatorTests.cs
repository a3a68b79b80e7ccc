using System.Linq;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>One response at a time: requests that meet a response in progress wait for its end; an agent's end waits too.</summary>
public sealed class ResponseCoordinatorTests
{
    private readonly RecordingModelSession _session = new();
    private int _ends;

    private ResponseCoordinator Create() => new(() => _ends++);

    [Fact]
    public async Task RequestAsync_TwoWhileOneIsInProgress_SendsOneMoreWhenItIsDone()
    {
        // Arrange
        var responses = Create();
        await responses.RequestAsync(_session, null, default);

        // Act
        await responses.RequestAsync(_session, null, default);
        await responses.RequestAsync(_session, null, default);
        int whileBusy = _session.Calls.Count;
        Assert.True(responses.OnResponseDone());
        await responses.SendWaitingAsync(_session, default);
        await responses.SendWaitingAsync(_session, default);

        // Assert
        Assert.Equal(1, whileBusy);
        Assert.Equal(["response.create", "response.create"], _session.Calls);
    }

    [Fact]
    public async Task RequestAsync_WhileTheModelRespondsOnItsOwn_Waits()
    {
        // Arrange: turn detection started a response the relay did not ask for
        var responses = Create();
        responses.OnResponseCreated();

        // Act
        await responses.RequestAsync(_session, null, default);
        int whileBusy = _session.Calls.Count;
        responses.OnResponseDone();
        await responses.SendWaitingAsync(_session, default);

        // Assert
        Assert.Equal(0, whileBusy);
        Assert.Single(_session.Calls);
    }

    [Fact]
    public async Task TakeRejection_ActiveResponseError_AsksAgainWhenThatResponseIsDone()
    {
        // Arrange: the relay's request crossed a response the model started itself
        var responses = Create();
        await responses.RequestAsync(_session, null, default);

        // Act
        bool taken = responses.TakeRejection(ResponseCoordinator.ActiveResponseErrorCode);
        bool other = responses.TakeRejection("invalid_value");
        await responses.SendWaitingAsync(_session, default);
        int beforeDone = _session.Calls.Count;
        responses.OnResponseDone();
        await responses.SendWaitingAsync(_session, default);

        // Assert
        Assert.Equal((true, false, 1), (taken, other, beforeDone));
        Assert.Equal(2, _session.Calls.Count);
    }

    [Fact]
    public async Task RequestEnd_DuringAResponse_EndsWhenItIsDoneAndAsksForNothingMore()
    {
        // Arrange
        var responses = Create();
        await responses.RequestAsync(_session, null, default);
        await responses.RequestAsync(_session, null, default); // waiting (typed input)

        // Act
        responses.RequestEnd();
        int endsWhileBusy = _ends;
        await responses.RequestAsync(_session, null, default); // a tool follow-up after the end was asked for
        bool goesOn = responses.OnResponseDone();
        await responses.SendWaitingAsync(_session, default);

        // Assert
        Assert.Equal((0, false, 1), (endsWhileBusy, goesOn, _ends));
        Assert.Single(_session.Calls);
    }

    [Fact]
    public void RequestEnd_NoResponseInProgress_EndsAtOnce()
    {
        var responses = Create();

        responses.RequestEnd();

        Assert.Equal(1, _ends);
        Assert.True(responses.IsEndRequested);
        Assert.Empty(_session.Calls);
    }
}
