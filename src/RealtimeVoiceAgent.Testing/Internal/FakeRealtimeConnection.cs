using System;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RealtimeVoiceAgent.Testing.Internal;

// One fake Realtime session over one accepted WebSocket: reads client events one at a time, validates and records them,
// and hands each to the part of the session it concerns (session, input audio buffer, conversation, responses).
internal sealed class FakeRealtimeConnection
{
    private readonly FakeRealtimeServer _server;
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly CancellationToken _aborted;
    private readonly FakeEventSender _events;
    private readonly FakeSession _session;
    private readonly FakeConversation _conversation;
    private readonly FakeResponsePlayer _player;
    private readonly FakeInputAudioBuffer _input;

    public FakeRealtimeConnection(FakeRealtimeServer server, WebSocket socket, HttpContext context, int number, string model, CancellationToken aborted)
    {
        _server = server;
        _socket = socket;
        _context = context;
        Number = number;
        _aborted = aborted;
        _events = new FakeEventSender(socket, aborted);
        _session = new FakeSession(model, _events);
        _conversation = new FakeConversation(_events);
        _player = new FakeResponsePlayer(_events, _session, _conversation, FaultAsync, aborted);
        _input = new FakeInputAudioBuffer(server, _events, _session, _conversation, _player);
    }

    public int Number { get; }

    public async Task RunAsync(bool betaHeader)
    {
        try
        {
            if (betaHeader)
            {
                // What the GA endpoint does today with "OpenAI-Beta: realtime=v1" (protocol doc 1.2).
                await SendErrorAsync(new FakeProtocolError("beta_api_shape_disabled", "Realtime Beta API is no longer supported. Please use the GA API (remove the 'OpenAI-Beta' header)."), null).ConfigureAwait(false);
                await _socket.CloseOutputAsync((WebSocketCloseStatus)4000, "beta_api_shape_disabled", _aborted).ConfigureAwait(false);
                return;
            }

            await _events.SendAsync("session.created", ("session", _session.Snapshot())).ConfigureAwait(false);
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            // The client went away or the test dropped the connection: the session simply ends.
        }
        finally
        {
            await _player.StopAsync().ConfigureAwait(false);
        }
    }

    public void Abort() => _context.Abort();

    // The service's session limit: error session_expired, then close 1001 (going away).
    public async Task ExpireAsync(CancellationToken cancellationToken = default)
    {
        await SendErrorAsync(new FakeProtocolError("session_expired", "Your session hit the maximum duration of 60 minutes."), null, cancellationToken).ConfigureAwait(false);
        await CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "session_expired", cancellationToken).ConfigureAwait(false);
    }

    private async Task FaultAsync(FakeResponseStep.FaultKind kind)
    {
        if (kind == FakeResponseStep.FaultKind.ExpireSession)
        {
            try
            {
                await ExpireAsync(_aborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
            {
                // The client went away first.
            }
        }
        else
        {
            // Let what was sent reach the client first: aborting discards what Kestrel has not written to the socket yet.
            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
            Abort();
        }
    }

    public Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken = default) =>
        _events.CloseOutputAsync(status, reason, cancellationToken);

    public Task SendRawAsync(string json, CancellationToken cancellationToken = default) => _events.SendRawAsync(json, cancellationToken);

    public Task SendFrameAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken = default) =>
        _events.SendFrameAsync(payload, messageType, endOfMessage, cancellationToken);

    public Task SendErrorAsync(FakeProtocolError error, string? clientEventId, CancellationToken cancellationToken = default) =>
        _events.SendErrorAsync(error, clientEventId, cancellationToken);

    private Task ReceiveLoopAsync() => FakeMessageReceiver.RunAsync(_socket, _events, readAfterCloseSent: false, HandleMessageAsync, _aborted);

    private async Task HandleMessageAsync(string json)
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await RejectAsync(string.Empty, json, new FakeProtocolError("invalid_event", "We could not parse the JSON body of your request."), null).ConfigureAwait(false);
            return;
        }

        string? clientEventId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("event_id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            await RejectAsync(string.Empty, json, new FakeProtocolError("invalid_event", "Missing required parameter: 'type'.", "type"), clientEventId).ConfigureAwait(false);
            return;
        }

        string type = typeElement.GetString()!;
        if (!ClientEventValidator.KnownTypes.Contains(type))
        {
            await RejectAsync(type, json, new FakeProtocolError("invalid_event", $"Invalid value: '{type}'. Supported values are the GA client event types.", "type"), clientEventId).ConfigureAwait(false);
            return;
        }

        FakeProtocolError? error = ClientEventValidator.Validate(type, root) ?? CheckState(type, root);
        if (error is not null)
        {
            await RejectAsync(type, json, error, clientEventId).ConfigureAwait(false);
            return;
        }

        _server.Record(new FakeClientEvent(Number, type, json, null));
        switch (type)
        {
            case "session.update":
                await _session.UpdateAsync(root.GetProperty("session")).ConfigureAwait(false);
                break;
            case "input_audio_buffer.append":
                await _input.AppendAsync(Convert.FromBase64String(root.GetProperty("audio").GetString()!)).ConfigureAwait(false);
                break;
            case "input_audio_buffer.commit":
                await _input.CommitAsync().ConfigureAwait(false);
                break;
            case "input_audio_buffer.clear":
                await _input.ClearAsync().ConfigureAwait(false);
                break;
            case "conversation.item.create":
                await _conversation.CreateAsync(root.GetProperty("item")).ConfigureAwait(false);
                if (FakeConversation.IsUserText(root.GetProperty("item")))
                {
                    _server.Script.OnUserText();
                }
                else if (FakeConversation.IsSystemText(root.GetProperty("item")))
                {
                    _server.Script.OnSystemMessage();
                }

                break;
            case "conversation.item.truncate":
                await _conversation.TruncateAsync(root).ConfigureAwait(false);
                break;
            case "conversation.item.delete":
                await _conversation.DeleteAsync(root).ConfigureAwait(false);
                break;
            case "conversation.item.retrieve":
                await _conversation.RetrieveAsync(root).ConfigureAwait(false);
                break;
            case "response.create":
                _player.Start(_server.Script.NextResponse());
                break;
            case "response.cancel":
                _player.Cancel("client_cancelled");
                break;
        }
    }

    // Checks that depend on the conversation state, with the codes the real service uses; each part checks its own.
    private FakeProtocolError? CheckState(string type, JsonElement root) => type switch
    {
        "input_audio_buffer.commit" => _input.CheckCommit(),
        "response.create" => _player.CheckCreate(),
        "response.cancel" => _player.CheckCancel(),
        "conversation.item.create" => _conversation.CheckCreate(root),
        "conversation.item.delete" or "conversation.item.retrieve" => _conversation.CheckExists(root),
        "conversation.item.truncate" => _conversation.CheckTruncate(root),
        _ => null,
    };

    private async Task RejectAsync(string type, string json, FakeProtocolError error, string? clientEventId)
    {
        _server.Record(new FakeClientEvent(Number, type, json, error.Code));
        await SendErrorAsync(error, clientEventId).ConfigureAwait(false);
    }
}
