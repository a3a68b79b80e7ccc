using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Tests;

/// <summary>Reads a session's events in tests: waits for the next event of a type, remembering what passed by.</summary>
internal sealed class EventReader : IAsyncDisposable
{
    private readonly IAsyncEnumerator<RealtimeServerEvent> _events;

    public EventReader(RealtimeSession session, CancellationToken cancellationToken)
    {
        _events = session.ReceiveEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    public List<string> Types { get; } = new();

    public int AudioBytes { get; private set; }

    public StringBuilder Transcripts { get; } = new();

    public async Task<T> NextAsync<T>()
        where T : RealtimeServerEvent
    {
        while (true)
        {
            RealtimeServerEvent e = await NextAnyAsync();
            if (e is T match)
            {
                return match;
            }
        }
    }

    public async Task<RealtimeServerEvent> NextAnyAsync()
    {
        if (!await _events.MoveNextAsync())
        {
            throw new InvalidOperationException("The session ended; seen: " + string.Join(", ", Types));
        }

        RealtimeServerEvent e = _events.Current;
        Types.Add(e.Type);
        if (e is RealtimeServerEventResponseOutputAudioDelta delta)
        {
            AudioBytes += delta.Audio.Length;
        }
        else if (e is RealtimeServerEventResponseOutputAudioTranscriptDone done)
        {
            Transcripts.Append(done.Transcript).Append('|');
        }

        return e;
    }

    /// <summary>True when the enumeration completes normally; the exception escapes otherwise.</summary>
    public async Task<bool> EndsAsync()
    {
        while (await _events.MoveNextAsync())
        {
            Types.Add(_events.Current.Type);
        }

        return true;
    }

    public ValueTask DisposeAsync() => _events.DisposeAsync();
}
