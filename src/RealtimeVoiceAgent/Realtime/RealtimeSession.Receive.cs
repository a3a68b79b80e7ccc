using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Threading;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent;

/// <content>Server events: read by the session's RealtimeEventReceiver.</content>
public sealed partial class RealtimeSession
{
    // Not an iterator itself: the receiver's iterator gets the token, and combines it with one passed to
    // GetAsyncEnumerator (WithCancellation) as an [EnumeratorCancellation] parameter does.
    /// <summary>Reads server events until the session closes. Single consumer.</summary>
    /// <param name="cancellationToken">Stops the enumeration. Cancelling a pending WebSocket read aborts the connection (a <see cref="ClientWebSocket"/> rule), so cancel only to end the session.</param>
    /// <returns>The events in arrival order. A server <c>error</c> event is yielded as <see cref="RealtimeServerEventError"/> (non-fatal); unknown types as <see cref="RealtimeServerEventUnknown"/>.</returns>
    /// <remarks>
    /// The enumeration completes when the server closes normally or the session is disposed. The
    /// <see cref="RealtimeServerEventResponseOutputAudioDelta"/> instance and its audio are reused: valid only until the next
    /// <c>MoveNextAsync</c>. Messages are reassembled until end of message with no size cap.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Another enumeration is already running.</exception>
    /// <exception cref="RealtimeConnectionException">The socket dropped or the server closed with an error status; the message carries the close status and reason.</exception>
    public override IAsyncEnumerable<RealtimeServerEvent> ReceiveEventsAsync(CancellationToken cancellationToken = default) =>
        _receiver.ReceiveEventsAsync(cancellationToken);
}
