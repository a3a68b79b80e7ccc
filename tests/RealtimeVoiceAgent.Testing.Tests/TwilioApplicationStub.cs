using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Testing.Tests;

/// <summary>
/// The application side of a Twilio call, bare: a voice webhook that checks the signature (computed here as Twilio
/// documents it) and answers TwiML, and a media WebSocket the test drives message by message.
/// </summary>
internal sealed class TwilioApplicationStub : IAsyncDisposable
{
    public const string Token = "stub-auth-token";
    private readonly WebApplication _app;
    private readonly TaskCompletionSource<WebSocket> _socket = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TwilioApplicationStub(WebApplication app)
    {
        _app = app;
        BaseUri = new Uri(app.Urls.First());
    }

    public Uri BaseUri { get; }

    public Dictionary<string, string> WebhookForm { get; } = new();

    public List<string> UpgradeSignatures { get; } = new();

    public static string Sign(string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(Token));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(data)));
    }

    public static async Task<TwilioApplicationStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        TwilioApplicationStub? stub = null;
        app.MapPost("/voice", async context =>
        {
            var form = await context.Request.ReadFormAsync();
            var pairs = form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value.ToString())).ToList();
            if (context.Request.Headers["X-Twilio-Signature"].ToString() != Sign(new Uri(stub!.BaseUri, "/voice").AbsoluteUri, pairs))
            {
                context.Response.StatusCode = 403;
                return;
            }

            foreach (var (key, value) in pairs)
            {
                stub.WebhookForm[key] = value;
            }

            var media = new UriBuilder(stub.BaseUri) { Scheme = "ws", Path = "/media" }.Uri.AbsoluteUri;
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync($"""<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="{media}"><Parameter name="from" value="{form["From"]}" /><Parameter name="campaign" value="spring" /></Stream></Connect></Response>""");
        });
        app.Map("/media", async context =>
        {
            stub!.UpgradeSignatures.Add(context.Request.Headers["X-Twilio-Signature"].ToString());
            var socket = await context.WebSockets.AcceptWebSocketAsync();
            stub._socket.TrySetResult(socket);
            await stub._done.Task;
        });
        await app.StartAsync();
        stub = new TwilioApplicationStub(app);
        return stub;
    }

    public Task<WebSocket> Socket => _socket.Task;

    public async Task SendAsync(string json)
    {
        var socket = await Socket;
        await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
    }

    /// <summary>The next message from the fake Twilio, or null when it closed.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        var socket = await Socket;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        using var document = JsonDocument.Parse(message.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>Reads until a message with this event; returns it.</summary>
    public async Task<JsonElement> ReceiveEventAsync(string @event)
    {
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new InvalidOperationException($"The fake closed before '{@event}'.");
            if (message.GetProperty("event").GetString() == @event)
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _done.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
