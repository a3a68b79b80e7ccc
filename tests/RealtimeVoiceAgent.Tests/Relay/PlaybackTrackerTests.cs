using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>What the relay cuts when the caller interrupts: one owner of the playback state, checked against a recording model session.</summary>
public sealed class PlaybackTrackerTests
{
    // One second of the model's audio: PCM16 at 24 kHz (the tracker counts bytes).
    private const int BytesPerSecond = 48000;
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingModelSession _model = new();

    [Fact]
    public async Task BargeIns_CountsInterruptionsOfAReplyInProgressOrNotFullyHeard_OncePerResponse()
    {
        // Arrange
        var tracker = NewTracker(turnDetectionInterrupts: true);

        // Act: nothing said yet (1: not a barge-in); a reply in progress, interrupted twice before it ends (2, 3: one
        // barge-in); a reply the caller heard in full (4: a new turn); a reply done but not yet fully played (5: a barge-in).
        await tracker.InterruptAsync(_model, null, null, explicitCancel: false, CancellationToken.None);
        tracker.OnResponseCreated("resp_1");
        tracker.OnAudio("item_1", 0, BytesPerSecond, _clock.GetTimestamp());
        await tracker.InterruptAsync(_model, null, null, explicitCancel: false, CancellationToken.None);
        await tracker.InterruptAsync(_model, null, null, explicitCancel: false, CancellationToken.None);
        tracker.OnResponseDone();
        tracker.OnResponseCreated("resp_2");
        tracker.OnAudio("item_2", 0, BytesPerSecond, _clock.GetTimestamp());
        tracker.OnResponseDone();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await tracker.InterruptAsync(_model, null, null, explicitCancel: false, CancellationToken.None);
        tracker.OnResponseCreated("resp_3");
        tracker.OnAudio("item_3", 0, BytesPerSecond, _clock.GetTimestamp());
        tracker.OnResponseDone();
        await tracker.InterruptAsync(_model, "item_3", 300, explicitCancel: false, CancellationToken.None);

        // Assert
        Assert.Equal(2, tracker.BargeIns);
    }

    [Fact]
    public async Task InterruptAsync_CallerReportedPlayback_TruncatesThereWithoutCancelWhenTurnDetectionInterrupts()
    {
        // Arrange: two seconds of item_1 sent, a response in progress, the caller says it played 750 ms
        var tracker = NewTracker(turnDetectionInterrupts: true);
        tracker.OnResponseCreated("resp_1");
        Assert.True(tracker.OnAudio("item_1", 0, 2 * BytesPerSecond, _clock.GetTimestamp()));

        // Act
        await tracker.InterruptAsync(_model, "item_1", 750, explicitCancel: false, CancellationToken.None);

        // Assert
        Assert.Equal(["truncate item_1 0 750"], _model.Calls);
    }

    [Fact]
    public async Task InterruptAsync_ExplicitCancel_CancelsTheResponseThenTruncates()
    {
        // Arrange
        var tracker = NewTracker(turnDetectionInterrupts: true);
        tracker.OnResponseCreated("resp_1");
        tracker.OnAudio("item_1", 0, BytesPerSecond, _clock.GetTimestamp());
        tracker.OnPlayback("item_1", 400);

        // Act
        await tracker.InterruptAsync(_model, null, null, explicitCancel: true, CancellationToken.None);

        // Assert
        Assert.Equal(["response.cancel resp_1", "truncate item_1 0 400"], _model.Calls);
    }

    [Fact]
    public async Task InterruptAsync_NothingPlayed_DeletesTheItemInsteadOfTruncatingAtZero()
    {
        // Arrange: no report and no time passed since the first delta
        var tracker = NewTracker(turnDetectionInterrupts: false);
        tracker.OnResponseCreated("resp_1");
        tracker.OnAudio("item_1", 0, BytesPerSecond, _clock.GetTimestamp());

        // Act
        await tracker.InterruptAsync(_model, null, null, explicitCancel: false, CancellationToken.None);

        // Assert: without turn detection the relay cancels the reply itself
        Assert.Equal(["response.cancel resp_1", "delete item_1"], _model.Calls);
    }

    [Fact]
    public async Task InterruptAsync_NoReport_AssumesRealTimePlaybackClampedToWhatWasSent()
    {
        // Arrange: 1 s sent, 5 s passed
        var tracker = NewTracker(turnDetectionInterrupts: true);
        tracker.OnResponseCreated("resp_1");
        tracker.OnAudio("item_1", 1, BytesPerSecond, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromSeconds(5));

        // Act
        await tracker.InterruptAsync(_model, null, null, explicitCancel: false, CancellationToken.None);

        // Assert
        Assert.Equal(["truncate item_1 1 1000"], _model.Calls);
    }

    [Fact]
    public async Task InterruptAsync_WholeItemHeardAndResponseDone_CutsNothing()
    {
        // Arrange
        var tracker = NewTracker(turnDetectionInterrupts: true);
        tracker.OnResponseCreated("resp_1");
        tracker.OnAudio("item_1", 0, BytesPerSecond, _clock.GetTimestamp());
        tracker.OnResponseDone();
        tracker.OnPlayback("item_1", 1000);

        // Act
        await tracker.InterruptAsync(_model, null, null, explicitCancel: false, CancellationToken.None);

        // Assert
        Assert.Empty(_model.Calls);
        Assert.False(tracker.TakeItemEditRejection());
    }

    [Fact]
    public async Task OnAudio_AfterTheItemWasInterrupted_DropsItsInFlightDeltas()
    {
        // Arrange
        var tracker = NewTracker(turnDetectionInterrupts: true);
        tracker.OnAudio("item_1", 0, BytesPerSecond, _clock.GetTimestamp());
        await tracker.InterruptAsync(_model, "item_1", 500, explicitCancel: false, CancellationToken.None);

        // Act
        var lateDelta = tracker.OnAudio("item_1", 0, 480, _clock.GetTimestamp());
        var nextItem = tracker.OnAudio("item_2", 0, 480, _clock.GetTimestamp());

        // Assert
        Assert.Equal((false, true), (lateDelta, nextItem));
    }

    [Fact]
    public async Task TakeItemEditRejection_AfterATruncate_IsTrueOnceUntilTheModelConfirms()
    {
        // Arrange
        var tracker = NewTracker(turnDetectionInterrupts: true);
        tracker.OnAudio("item_1", 0, BytesPerSecond, _clock.GetTimestamp());
        await tracker.InterruptAsync(_model, "item_1", 500, explicitCancel: false, CancellationToken.None);

        // Act
        var first = tracker.TakeItemEditRejection();
        var second = tracker.TakeItemEditRejection();
        tracker.OnAudio("item_2", 0, BytesPerSecond, _clock.GetTimestamp());
        await tracker.InterruptAsync(_model, "item_2", 500, explicitCancel: false, CancellationToken.None);
        tracker.OnItemEdited();
        var afterConfirmation = tracker.TakeItemEditRejection();

        // Assert: an error is the truncate's rejection only while the truncate is unconfirmed
        Assert.Equal((true, false, false), (first, second, afterConfirmation));
    }

    [Fact]
    public async Task InterruptAsync_G711Passthrough_ClampsToTheAudioSentAtEightBytesPerMillisecond()
    {
        // Arrange: one second of μ-law (8000 bytes) sent; the caller claims more than that was played
        var tracker = NewTracker(turnDetectionInterrupts: true, CallerAudioFormat.G711MuLaw);
        tracker.OnResponseCreated("resp_1");
        tracker.OnAudio("item_1", 0, 8000, _clock.GetTimestamp());

        // Act
        await tracker.InterruptAsync(_model, "item_1", 5000, explicitCancel: false, CancellationToken.None);

        // Assert: 1000 ms (PCM arithmetic would say 166 ms)
        Assert.Equal(["truncate item_1 0 1000"], _model.Calls);
    }

    [Fact]
    public async Task InterruptAsync_G711WithoutReport_EstimatesRealTimePlaybackClampedToTheAudioSent()
    {
        // Arrange: 500 ms of A-law sent, 300 ms of wall time since its first delta, no playback report
        var tracker = NewTracker(turnDetectionInterrupts: true, CallerAudioFormat.G711ALaw);
        tracker.OnResponseCreated("resp_1");
        tracker.OnAudio("item_1", 0, 4000, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromMilliseconds(300));

        // Act
        await tracker.InterruptAsync(_model, reportedItemId: null, reportedPlayedMs: null, explicitCancel: false, CancellationToken.None);

        // Assert
        Assert.Equal(["truncate item_1 0 300"], _model.Calls);
    }

    private PlaybackTracker NewTracker(bool turnDetectionInterrupts, CallerAudioFormat? phone = null) =>
        new(ModelAudioFormat.For(phone ?? CallerAudioFormat.Pcm16At24kHz, phone ?? CallerAudioFormat.Pcm16At24kHz, g711Passthrough: true), turnDetectionInterrupts, _clock, NullLogger.Instance);
}
