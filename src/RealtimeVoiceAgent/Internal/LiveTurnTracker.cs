using System.Collections.Generic;
using System.Globalization;
using System.Text;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Internal;

// GPT-Live has no turns on the wire: one continuous output track (digital silence between replies) and transcript
// fragments with no end-of-turn (live-protocol.md 5.2, 5.3). The relay and the caller protocol speak in turns (speech
// started/stopped, a finished caption per reply), so this groups the stream into turns the way the SDKs' TranscriptGrouper
// does, and reports each with the Realtime event that means it:
// - an assistant turn opens with non-silent output audio or an output transcript fragment, and closes after QuietMs of
//   silent output audio (-> response.output_audio_transcript.done with the turn's text);
// - a caller turn opens with an input transcript fragment (-> speech_started) and closes when the assistant starts
//   speaking, when the model delegates, or after QuietMs of output timeline without a fragment (-> speech_stopped and
//   input transcription completed).
// Time is the output track's: it advances with every output audio delta. Single-threaded (the receive loop).
internal sealed class LiveTurnTracker
{
    // The SDKs' TranscriptGrouper separates turns by 500 ms; a little more keeps a pause for breath inside one reply.
    public const int QuietMs = 700;

    private readonly StringBuilder _assistantText = new();
    private readonly StringBuilder _callerText = new();
    private int _turns;
    private string? _assistantItemId;
    private int _assistantQuietMs;
    private string? _callerItemId;
    private int _callerQuietMs;
    // Where the last output audio ended on the session timeline, when the service stamps it (Azure documents start_ms/end_ms
    // on output audio and leaves silence out: a gap between ranges is silence too).
    private int? _lastAudioEndMs;

    // The assistant turn the output audio belongs to, or null between turns.
    public string? AssistantItemId => _assistantItemId;

    // Output audio of `milliseconds` (at startMs when stamped): returns whether it is part of a turn (and goes to the caller);
    // silence between turns does not.
    public bool OnOutputAudio(int milliseconds, bool silent, int? startMs, List<RealtimeServerEvent> events)
    {
        if (startMs is { } start)
        {
            if (_lastAudioEndMs is { } lastEnd && start - lastEnd > 0)
            {
                // Silence the service left out: it counts like silent audio.
                int gap = start - lastEnd;
                AdvanceCallerQuiet(gap, events);
                if (_assistantItemId is not null && (_assistantQuietMs += gap) >= QuietMs)
                {
                    CloseAssistant(events);
                }
            }

            _lastAudioEndMs = start + milliseconds;
        }

        AdvanceCallerQuiet(milliseconds, events);
        if (!silent)
        {
            OpenAssistant(events);
            _assistantQuietMs = 0;
            return true;
        }

        if (_assistantItemId is null)
        {
            return false;
        }

        _assistantQuietMs += milliseconds;
        if (_assistantQuietMs >= QuietMs)
        {
            CloseAssistant(events);
            return false;
        }

        return true;
    }

    public void OnOutputTranscript(string delta, List<RealtimeServerEvent> events)
    {
        OpenAssistant(events);
        _assistantQuietMs = 0;
        _assistantText.Append(delta);
        events.Add(new RealtimeServerEventResponseOutputAudioTranscriptDelta { ItemId = _assistantItemId, Delta = delta });
    }

    public void OnInputTranscript(string delta, int startMs, List<RealtimeServerEvent> events)
    {
        if (_callerItemId is null)
        {
            _callerItemId = NextId("live_caller");
            events.Add(new RealtimeServerEventInputAudioBufferSpeechStarted { ItemId = _callerItemId, AudioStartMs = startMs });
        }

        _callerQuietMs = 0;
        _callerText.Append(delta);
        events.Add(new RealtimeServerEventInputAudioTranscriptionDelta { ItemId = _callerItemId, Delta = delta });
    }

    // The model delegated: it took the caller's words as a finished request.
    public void OnDelegation(List<RealtimeServerEvent> events) => CloseCaller(events, endMs: 0);

    // The session ends: whatever is open is finished.
    public void CloseAll(List<RealtimeServerEvent> events)
    {
        CloseCaller(events, endMs: 0);
        CloseAssistant(events);
    }

    private void AdvanceCallerQuiet(int milliseconds, List<RealtimeServerEvent> events)
    {
        if (_callerItemId is null)
        {
            return;
        }

        _callerQuietMs += milliseconds;
        if (_callerQuietMs >= QuietMs)
        {
            CloseCaller(events, endMs: 0);
        }
    }

    private void OpenAssistant(List<RealtimeServerEvent> events)
    {
        if (_assistantItemId is not null)
        {
            return;
        }

        // The model answers: the caller's turn is over.
        CloseCaller(events, endMs: 0);
        _assistantItemId = NextId("live_item");
        _assistantQuietMs = 0;
    }

    private void CloseAssistant(List<RealtimeServerEvent> events)
    {
        if (_assistantItemId is null)
        {
            return;
        }

        events.Add(new RealtimeServerEventResponseOutputAudioTranscriptDone { ItemId = _assistantItemId, Transcript = _assistantText.ToString().Trim() });
        _assistantText.Clear();
        _assistantItemId = null;
    }

    private void CloseCaller(List<RealtimeServerEvent> events, int endMs)
    {
        if (_callerItemId is null)
        {
            return;
        }

        events.Add(new RealtimeServerEventInputAudioBufferSpeechStopped { ItemId = _callerItemId, AudioEndMs = endMs });
        events.Add(new RealtimeServerEventInputAudioTranscriptionCompleted { ItemId = _callerItemId, Transcript = _callerText.ToString().Trim() });
        _callerText.Clear();
        _callerItemId = null;
        _callerQuietMs = 0;
    }

    private string NextId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}_{++_turns:D4}");
}
