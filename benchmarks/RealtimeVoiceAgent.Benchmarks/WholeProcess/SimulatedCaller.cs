using System;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// One caller of the whole-process run: connects to the relay, sends one marked audio frame each time the pacer asks,
/// and times each marked frame it receives. A caller kind is one subclass: <see cref="BrowserCaller"/> speaks the browser
/// protocol (docs/client-protocol.md); a phone caller (Twilio Media Streams, 20 ms μ-law) would be another, with its own
/// connect URL, framing and frame period.
/// </summary>
internal abstract class SimulatedCaller : IAsyncDisposable
{
    private long _framesReceived;

    /// <summary>True while the call is up.</summary>
    public abstract bool IsOpen { get; }

    /// <summary>Audio frames received from the relay.</summary>
    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>Why the call failed, if it did.</summary>
    public string? FailedWith { get; protected set; }

    /// <summary>Connects and waits until the relay says the call is ready for audio.</summary>
    public abstract Task ConnectAsync(Uri relay, CancellationToken cancellationToken);

    /// <summary>Sends the next frame, stamped with the current time, unless the previous send is still in flight (then false).</summary>
    public abstract bool TrySendFrame();

    public abstract ValueTask DisposeAsync();

    protected void CountFrameReceived() => Interlocked.Increment(ref _framesReceived);
}
