using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using RealtimeVoiceAgent.Testing.Internal;

namespace RealtimeVoiceAgent.Testing;

/// <summary>
/// A stand-in for Twilio in tests of a phone line: it dials an application's voice webhook and/or connects to its Media
/// Streams WebSocket as Twilio does (signed with <c>X-Twilio-Signature</c>), and then speaks the protocol with Twilio's exact
/// message shapes: <c>connected</c>, <c>start</c>, the caller's audio as <c>media</c> (μ-law, 160-byte frames of 20 ms,
/// paced in real time, silence when the test sends nothing), <c>dtmf</c> and <c>stop</c>. It plays the application's
/// <c>media</c> at real time and echoes each <c>mark</c> when the audio before it has played, or at once on <c>clear</c>, as
/// Twilio does, and records everything it receives.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Each instance holds one call; many can run at once (a load driver turns
/// <see cref="FakeTwilioMediaStreamOptions.RecordMessages"/> off and reads the counters).</para>
/// <para>Numbers in Twilio's messages are strings (<c>sequenceNumber</c>, <c>chunk</c>, <c>timestamp</c>), except the
/// <c>start</c> message's <c>mediaFormat</c>, as in Twilio's documentation.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var phone = await FakeTwilioMediaStream.DialAsync(new Uri(host, "/twilio/voice"),
///     new FakeTwilioMediaStreamOptions { AuthToken = "test-token", From = "+14155552671" });
/// await phone.WaitForMessageAsync("media");                 // the greeting
/// await phone.SendAudioAsync(G711MuLawUtterance);            // the caller speaks
/// await phone.SendDtmfAsync("4155552671#");                  // and types a number
/// </code>
/// </example>
public sealed class FakeTwilioMediaStream : IAsyncDisposable
{
    /// <summary>The bytes of one 20 ms frame of μ-law at 8 kHz, the size of Twilio's <c>media</c> payloads.</summary>
    public const int FrameBytes = 160;

    /// <summary>The μ-law code of silence (a zero sample).</summary>
    public const byte MuLawSilence = 0xFF;

    private const string SignatureHeader = "X-Twilio-Signature";
    private static readonly TimeSpan s_frameDuration = TimeSpan.FromMilliseconds(20);
    private static readonly HttpClient s_http = new();
    private readonly ClientWebSocket _socket;
    private readonly FakeTwilioMediaStreamOptions _options;
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly FakeTwilioPlayout _playout;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly SemaphoreSlim _echoGate = new(1, 1);
    private readonly SemaphoreSlim _echoWake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private readonly List<FakeTwilioMessage> _received = new();
    private readonly List<FakeTwilioMarkEcho> _echoes = new();
    private readonly List<byte> _receivedAudio = new();
    private readonly Queue<(byte[] Frame, TaskCompletionSource? Sent)> _outgoingFrames = new();
    private readonly List<TaskCompletionSource> _changed = new();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiveLoop = Task.CompletedTask;
    private Task _echoLoop = Task.CompletedTask;
    private Task _mediaPump = Task.CompletedTask;
    private long _startedAt;
    private int _sequenceNumber;
    private int _chunk;
    private long _receivedMediaCount;
    private long _receivedAudioBytes;
    private long _echoedMarkCount;
    private int _clearCount;
    private int _disposed;
    private volatile bool _receiveEnded;

    private FakeTwilioMediaStream(ClientWebSocket socket, FakeTwilioMediaStreamOptions options, IReadOnlyDictionary<string, string> customParameters)
    {
        _socket = socket;
        _options = options;
        _playout = new FakeTwilioPlayout(_clock);
        CustomParameters = customParameters;
    }

    /// <summary>The stream's id (every message carries it).</summary>
    public string StreamSid => _options.StreamSid;

    /// <summary>The call's id.</summary>
    public string CallSid => _options.CallSid;

    /// <summary>The <c>customParameters</c> the <c>start</c> message carried.</summary>
    public IReadOnlyDictionary<string, string> CustomParameters { get; }

    /// <summary>Every message received from the application, in order (empty when <see cref="FakeTwilioMediaStreamOptions.RecordMessages"/> is off).</summary>
    public IReadOnlyList<FakeTwilioMessage> ReceivedMessages
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>The μ-law audio of every <c>media</c> message received, joined (empty when <see cref="FakeTwilioMediaStreamOptions.RecordMessages"/> is off).</summary>
    public byte[] ReceivedAudio
    {
        get
        {
            lock (_gate)
            {
                return _receivedAudio.ToArray();
            }
        }
    }

    /// <summary>The marks sent back to the application, in order, each saying whether it was played or cleared.</summary>
    public IReadOnlyList<FakeTwilioMarkEcho> EchoedMarks
    {
        get
        {
            lock (_gate)
            {
                return _echoes.ToArray();
            }
        }
    }

    /// <summary>How many <c>media</c> messages were received.</summary>
    public long ReceivedMediaCount => Interlocked.Read(ref _receivedMediaCount);

    /// <summary>How many bytes of μ-law audio were received (8 per millisecond).</summary>
    public long ReceivedAudioBytes => Interlocked.Read(ref _receivedAudioBytes);

    /// <summary>How many marks were sent back.</summary>
    public long EchoedMarkCount => Interlocked.Read(ref _echoedMarkCount);

    /// <summary>How many <c>clear</c> messages were received.</summary>
    public int ClearCount => Volatile.Read(ref _clearCount);

    /// <summary>How the application closed the stream, once it has (<see langword="null"/> while open, or when it dropped without a close frame).</summary>
    public WebSocketCloseStatus? CloseStatus => _closed.Task.IsCompleted ? _closed.Task.Result : null;

    /// <summary>
    /// Places a call as Twilio does: POSTs the voice webhook (signed, with <c>CallSid</c>, <c>AccountSid</c>, <c>From</c>,
    /// <c>To</c>, …), reads the TwiML it answers, and connects to its <c>&lt;Connect&gt;&lt;Stream url&gt;</c> with its
    /// <c>&lt;Parameter&gt;</c>s as the <c>start</c> message's custom parameters.
    /// </summary>
    /// <param name="voiceWebhookUrl">The voice webhook, e.g. <c>http://127.0.0.1:5000/twilio/voice</c>.</param>
    /// <param name="options">The call's ids, numbers and signing token; <see langword="null"/> for the defaults (unsigned).</param>
    /// <param name="cancellationToken">Cancels the webhook request and the connect.</param>
    /// <returns>The connected stream, with <c>connected</c> and <c>start</c> sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="voiceWebhookUrl"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The webhook did not answer 200 with TwiML that connects a stream (the message says what it answered).</exception>
    public static async Task<FakeTwilioMediaStream> DialAsync(Uri voiceWebhookUrl, FakeTwilioMediaStreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voiceWebhookUrl);
        options ??= new FakeTwilioMediaStreamOptions();
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", options.AccountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", options.CallSid),
            new("CallStatus", "ringing"),
            new("Direction", "inbound"),
            new("To", options.To),
        };
        if (options.From is not null)
        {
            form.Add(new("From", options.From));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, ThroughTunnel(voiceWebhookUrl, options.Tunnel)) { Content = new FormUrlEncodedContent(form) };
        if (options.AuthToken is not null)
        {
            request.Headers.Add(SignatureHeader, ComputeSignature(options.AuthToken, voiceWebhookUrl.AbsoluteUri, form));
        }

        using var response = await s_http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The voice webhook {voiceWebhookUrl} answered {(int)response.StatusCode} {response.StatusCode}: '{body}'.");
        }

        var (streamUrl, parameters) = ReadConnectStream(body);
        return await ConnectCoreAsync(streamUrl, options, parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects straight to a Media Streams WebSocket (signed as Twilio signs it), then sends <c>connected</c> and <c>start</c>.</summary>
    /// <param name="streamUrl">The stream's URL, e.g. <c>ws://127.0.0.1:5000/twilio/media</c>.</param>
    /// <param name="options">The call's ids, custom parameters and signing token; <see langword="null"/> for the defaults (unsigned).</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="streamUrl"/> is <see langword="null"/>.</exception>
    /// <exception cref="WebSocketException">The handshake was refused (for example 403 for a bad signature).</exception>
    public static Task<FakeTwilioMediaStream> ConnectAsync(Uri streamUrl, FakeTwilioMediaStreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamUrl);
        options ??= new FakeTwilioMediaStreamOptions();
        return ConnectCoreAsync(streamUrl, options, new Dictionary<string, string>(options.CustomParameters), cancellationToken);
    }

    /// <summary>
    /// The <c>X-Twilio-Signature</c> Twilio sends: base64(HMAC-SHA1(auth token, the URL followed by each POST parameter's name
    /// and value, sorted by name)). For a test that sends its own requests.
    /// </summary>
    /// <param name="authToken">The account's auth token.</param>
    /// <param name="url">The full URL requested, query included (<c>wss://…</c> for a media stream).</param>
    /// <param name="parameters">The POST parameters; <see langword="null"/> or empty for a WebSocket handshake.</param>
    /// <returns>The signature.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="authToken"/> or <paramref name="url"/> is <see langword="null"/>.</exception>
    public static string ComputeSignature(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentNullException.ThrowIfNull(url);
        var data = new StringBuilder(url);
        foreach (var (name, value) in (parameters ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // SHA-1 is what Twilio signs with.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>The caller speaks: queues μ-law audio, sent as 160-byte <c>media</c> frames every 20 ms (the last frame padded with silence).</summary>
    /// <param name="muLaw">G.711 μ-law at 8 kHz.</param>
    /// <param name="cancellationToken">Cancels the wait (the frames already queued are still sent).</param>
    /// <returns>A task that completes when the last frame has been sent.</returns>
    public Task SendAudioAsync(ReadOnlyMemory<byte> muLaw, CancellationToken cancellationToken = default)
    {
        if (muLaw.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            for (var offset = 0; offset < muLaw.Length; offset += FrameBytes)
            {
                var frame = new byte[FrameBytes];
                frame.AsSpan().Fill(MuLawSilence);
                muLaw.Span.Slice(offset, Math.Min(FrameBytes, muLaw.Length - offset)).CopyTo(frame);
                _outgoingFrames.Enqueue((frame, offset + FrameBytes >= muLaw.Length ? sent : null));
            }
        }

        return sent.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The caller is silent for <paramref name="duration"/> (μ-law silence frames, paced in real time).</summary>
    /// <param name="duration">How long.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the silence has been sent.</returns>
    public Task SendSilenceAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var bytes = new byte[(int)(duration.TotalMilliseconds * 8)];
        bytes.AsSpan().Fill(MuLawSilence);
        return SendAudioAsync(bytes, cancellationToken);
    }

    /// <summary>The caller presses keys: one <c>dtmf</c> message per key (<c>0</c>-<c>9</c>, <c>*</c>, <c>#</c>), in order.</summary>
    /// <param name="keys">The keys, e.g. <c>"4155552671#"</c>.</param>
    /// <param name="cancellationToken">Cancels the sends.</param>
    /// <returns>A task that completes when the messages are sent.</returns>
    public async Task SendDtmfAsync(string keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            await SendAsync(w =>
            {
                w.WriteString("event", "dtmf");
                w.WriteString("streamSid", StreamSid);
                WriteSequenceNumber(w);
                w.WriteStartObject("dtmf");
                w.WriteString("track", "inbound_track");
                w.WriteString("digit", key.ToString());
                w.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The caller hangs up: sends <c>stop</c>, as Twilio does when the call ends (the application then closes the socket).</summary>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    public async Task SendStopAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync().ConfigureAwait(false); // no more media after stop
        await SendAsync(w =>
        {
            w.WriteString("event", "stop");
            WriteSequenceNumber(w);
            w.WriteString("streamSid", StreamSid);
            w.WriteStartObject("stop");
            w.WriteString("accountSid", _options.AccountSid);
            w.WriteString("callSid", CallSid);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends any text message, e.g. a malformed one for a robustness test.</summary>
    /// <param name="text">The message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    public Task SendRawAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendBytesAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>
    /// Stops the playout clock: no mark is echoed as played until <see cref="ResumePlayback"/> (a <c>clear</c> still echoes
    /// the pending marks). Returns once any echo in flight has been sent, so <see cref="EchoedMarks"/> then says exactly what
    /// the caller heard.
    /// </summary>
    /// <returns>A task that completes when the playout is paused.</returns>
    public async Task PausePlaybackAsync()
    {
        await _echoGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _playout.Pause();
        }
        finally
        {
            _echoGate.Release();
        }
    }

    /// <summary>Restarts the playout clock where it stopped.</summary>
    public void ResumePlayback()
    {
        _playout.Resume();
        _echoWake.Release();
    }

    /// <summary>Waits until the <paramref name="occurrence"/>-th message with event <paramref name="event"/> has been received.</summary>
    /// <param name="event">The event, e.g. <c>media</c>, <c>mark</c> or <c>clear</c>.</param>
    /// <param name="occurrence">Which one, 1-based.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message.</returns>
    public Task<FakeTwilioMessage> WaitForMessageAsync(string @event, int occurrence = 1, CancellationToken cancellationToken = default) =>
        WaitForMatchingMessageAsync(m => m.Event == @event, occurrence, cancellationToken);

    /// <summary>Waits until the <paramref name="occurrence"/>-th received message matching <paramref name="match"/>.</summary>
    /// <param name="match">The condition.</param>
    /// <param name="occurrence">Which one, 1-based.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message.</returns>
    public Task<FakeTwilioMessage> WaitForMatchingMessageAsync(Func<FakeTwilioMessage, bool> match, int occurrence = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(occurrence);
        return WaitUntilAsync(() => _received.Where(match).Skip(occurrence - 1).FirstOrDefault(), cancellationToken);
    }

    /// <summary>Waits until a mark matching <paramref name="match"/> has been echoed back.</summary>
    /// <param name="match">The condition.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The echo.</returns>
    public Task<FakeTwilioMarkEcho> WaitForMarkEchoAsync(Func<FakeTwilioMarkEcho, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return WaitUntilAsync(() => _echoes.FirstOrDefault(match), cancellationToken);
    }

    /// <summary>Waits until the application closes the stream.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The close status, or <see langword="null"/> when the connection dropped without a close frame.</returns>
    public Task<WebSocketCloseStatus?> WaitForCloseAsync(CancellationToken cancellationToken = default) => _closed.Task.WaitAsync(cancellationToken);

    /// <summary>Stops streaming, closes the WebSocket (if the application has not) and waits for the loops to end.</summary>
    /// <returns>A task that completes when the stream is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // Close our side; the receive loop reads the application's answering close frame (a hang-up that the
            // application does not answer soon is dropped, as Twilio would).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open)
            {
                await _sendGate.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "hang up", timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendGate.Release();
                }
            }

            await _receiveLoop.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The application dropped the connection, or did not answer: nothing more to close.
        }

        _socket.Abort();
        await Task.WhenAll(_receiveLoop, _echoLoop, _mediaPump).ConfigureAwait(false);
        _socket.Dispose();
        _stopping.Dispose();
    }

    private static async Task<FakeTwilioMediaStream> ConnectCoreAsync(Uri streamUrl, FakeTwilioMediaStreamOptions options, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            if (options.AuthToken is not null)
            {
                socket.Options.SetRequestHeader(SignatureHeader, ComputeSignature(options.AuthToken, streamUrl.AbsoluteUri));
            }

            await socket.ConnectAsync(ThroughTunnel(streamUrl, options.Tunnel), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var stream = new FakeTwilioMediaStream(socket, options, parameters);
        await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        return stream;
    }

    // The public URL's path and query at the tunnel's address (ws/wss for a WebSocket URL).
    private static Uri ThroughTunnel(Uri publicUrl, Uri? tunnel)
    {
        if (tunnel is null)
        {
            return publicUrl;
        }

        var webSocket = publicUrl.Scheme is "ws" or "wss";
        var scheme = tunnel.Scheme == Uri.UriSchemeHttps ? (webSocket ? "wss" : "https") : (webSocket ? "ws" : "http");
        return new UriBuilder(tunnel) { Scheme = scheme, Path = publicUrl.AbsolutePath, Query = publicUrl.Query.TrimStart('?') }.Uri;
    }

    // <Response><Connect><Stream url="…"><Parameter name="…" value="…"/>…</Stream></Connect></Response>
    private static (Uri StreamUrl, Dictionary<string, string> Parameters) ReadConnectStream(string twiml)
    {
        XElement? stream;
        try
        {
            stream = XDocument.Parse(twiml).Root?.Element("Connect")?.Element("Stream");
        }
        catch (System.Xml.XmlException ex)
        {
            throw new InvalidOperationException($"The voice webhook did not answer TwiML ({ex.Message}): '{twiml}'.", ex);
        }

        if (stream?.Attribute("url")?.Value is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var streamUrl))
        {
            throw new InvalidOperationException($"The voice webhook's TwiML has no <Connect><Stream url=\"…\">: '{twiml}'.");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in stream.Elements("Parameter"))
        {
            parameters[parameter.Attribute("name")?.Value ?? string.Empty] = parameter.Attribute("value")?.Value ?? string.Empty;
        }

        return (streamUrl, parameters);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await SendAsync(w =>
        {
            w.WriteString("event", "connected");
            w.WriteString("protocol", "Call");
            w.WriteString("version", "1.0.0");
        }, cancellationToken).ConfigureAwait(false);
        await SendAsync(w =>
        {
            w.WriteString("event", "start");
            WriteSequenceNumber(w);
            w.WriteStartObject("start");
            w.WriteString("accountSid", _options.AccountSid);
            w.WriteString("streamSid", StreamSid);
            w.WriteString("callSid", CallSid);
            w.WriteStartArray("tracks");
            w.WriteStringValue("inbound");
            w.WriteEndArray();
            w.WriteStartObject("customParameters");
            foreach (var (name, value) in CustomParameters)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
            w.WriteStartObject("mediaFormat");
            w.WriteString("encoding", _options.MediaEncoding);
            w.WriteNumber("sampleRate", _options.SampleRate);
            w.WriteNumber("channels", 1);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("streamSid", StreamSid);
        }, cancellationToken).ConfigureAwait(false);
        _startedAt = _clock.GetTimestamp();
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        _echoLoop = Task.Run(EchoLoopAsync, CancellationToken.None);
        _mediaPump = Task.Run(MediaPumpAsync, CancellationToken.None);
    }

    // One media frame every 20 ms on an absolute schedule (no drift): the test's audio when it has queued some, else silence.
    private async Task MediaPumpAsync()
    {
        var silence = new byte[FrameBytes];
        silence.AsSpan().Fill(MuLawSilence);
        var next = _clock.GetTimestamp();
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                (byte[] Frame, TaskCompletionSource? Sent) item = default;
                lock (_gate)
                {
                    _outgoingFrames.TryDequeue(out item);
                }

                if (item.Frame is not null || _options.StreamSilenceWhenIdle)
                {
                    await SendMediaAsync(item.Frame ?? silence, _stopping.Token).ConfigureAwait(false);
                }

                item.Sent?.TrySetResult();
                next += (long)(s_frameDuration.TotalSeconds * _clock.TimestampFrequency);
                var wait = _clock.GetElapsedTime(_clock.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _clock, _stopping.Token).ConfigureAwait(false);
                }
                else if (-wait > TimeSpan.FromSeconds(1))
                {
                    // Far behind (a starved machine): start the schedule again rather than send a second of frames at once.
                    next = _clock.GetTimestamp();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, or the application closed the stream.
        }
        finally
        {
            lock (_gate)
            {
                foreach (var (_, sent) in _outgoingFrames)
                {
                    sent?.TrySetCanceled();
                }

                _outgoingFrames.Clear();
            }
        }
    }

    private Task SendMediaAsync(byte[] frame, CancellationToken cancellationToken)
    {
        var chunk = Interlocked.Increment(ref _chunk);
        var timestamp = (long)_clock.GetElapsedTime(_startedAt).TotalMilliseconds;
        return SendAsync(w =>
        {
            w.WriteString("event", "media");
            WriteSequenceNumber(w);
            w.WriteStartObject("media");
            w.WriteString("track", "inbound");
            w.WriteString("chunk", chunk.ToString(CultureInfo.InvariantCulture));
            w.WriteString("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            w.WriteBase64String("payload", frame);
            w.WriteEndObject();
            w.WriteString("streamSid", StreamSid);
        }, cancellationToken);
    }

    // Echoes marks as their audio finishes playing.
    private async Task EchoLoopAsync()
    {
        var due = new List<string>();
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                TimeSpan? wait;
                await _echoGate.WaitAsync(_stopping.Token).ConfigureAwait(false);
                try
                {
                    due.Clear();
                    wait = _playout.TakeDue(due);
                    foreach (var name in due)
                    {
                        await EchoMarkAsync(name, cleared: false, _stopping.Token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _echoGate.Release();
                }

                await _echoWake.WaitAsync(wait ?? Timeout.InfiniteTimeSpan, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, or the application closed the stream.
        }
    }

    private async Task EchoMarkAsync(string name, bool cleared, CancellationToken cancellationToken)
    {
        await SendAsync(w =>
        {
            w.WriteString("event", "mark");
            WriteSequenceNumber(w);
            w.WriteString("streamSid", StreamSid);
            w.WriteStartObject("mark");
            w.WriteString("name", name);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _echoedMarkCount);
        lock (_gate)
        {
            _echoes.Add(new FakeTwilioMarkEcho(name, cleared));
            SignalChangedLocked();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).ConfigureAwait(false);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await OnCloseAsync().ConfigureAwait(false);
                    return;
                }

                await OnMessageAsync(buffer.AsMemory(0, count), result.MessageType).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            lock (_gate)
            {
                _receiveEnded = true;
                SignalChangedLocked();
            }
        }
    }

    private async Task OnCloseAsync()
    {
        // Answer the application's close frame at once, as Twilio does, which completes the close handshake.
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_socket.State == WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Dropped right after its close frame.
            }
        }

        _closed.TrySetResult(_socket.CloseStatus);
    }

    private async Task OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type)
    {
        var (eventName, error, payload, markName) = FakeTwilioMessageCheck.Check(message.Span, type, StreamSid);
        lock (_gate)
        {
            if (_options.RecordMessages)
            {
                _received.Add(new FakeTwilioMessage(eventName, Encoding.UTF8.GetString(message.Span), error));
                if (payload is not null)
                {
                    _receivedAudio.AddRange(payload);
                }
            }

            SignalChangedLocked();
        }

        if (error is not null)
        {
            return;
        }

        switch (eventName)
        {
            case "media":
                Interlocked.Increment(ref _receivedMediaCount);
                Interlocked.Add(ref _receivedAudioBytes, payload!.Length);
                _playout.OnAudio(payload.Length);
                break;
            case "mark":
                _playout.OnMark(markName!);
                _echoWake.Release();
                break;
            case "clear":
                Interlocked.Increment(ref _clearCount);
                // Twilio drops what it has not played and sends back every pending mark at once.
                await _echoGate.WaitAsync().ConfigureAwait(false);
                try
                {
                    foreach (var name in _playout.Clear())
                    {
                        await EchoMarkAsync(name, cleared: true, CancellationToken.None).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _echoGate.Release();
                }

                break;
        }
    }

    private void WriteSequenceNumber(Utf8JsonWriter writer) =>
        writer.WriteString("sequenceNumber", Interlocked.Increment(ref _sequenceNumber).ToString(CultureInfo.InvariantCulture));

    private Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return SendBytesAsync(output.WrittenMemory, cancellationToken);
    }

    private async Task SendBytesAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task<T> WaitUntilAsync<T>(Func<T?> probe, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (probe() is { } found)
                {
                    return found;
                }

                if (_receiveEnded)
                {
                    throw new InvalidOperationException($"The stream closed ({CloseStatus}) before that arrived. Received: {string.Join(", ", _received.Select(m => m.Event))}.");
                }

                var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _changed.Add(completion);
                changed = completion.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void SignalChangedLocked()
    {
        foreach (var waiter in _changed)
        {
            waiter.TrySetResult();
        }

        _changed.Clear();
    }
}
