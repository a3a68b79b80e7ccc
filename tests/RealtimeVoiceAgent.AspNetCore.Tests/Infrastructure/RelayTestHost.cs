using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Tests.Endpoint;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 (random port) with <c>MapVoiceAgent("/ws")</c>, the contact agent, a contact
/// repository, and a <see cref="CallObserver"/> to see how calls ended.
/// </summary>
internal sealed class RelayTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RelayTestHost(WebApplication app, CallObserver observer, IContactRepository contacts)
    {
        _app = app;
        Observer = observer;
        Contacts = contacts;
        var address = app.Urls.First();
        BaseUri = new Uri(address);
    }

    public Uri BaseUri { get; }

    public CallObserver Observer { get; }

    public IContactRepository Contacts { get; }

    public Uri CallUri(string query = "") =>
        new(BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/ws" + (query.Length > 0 ? "?" + query : string.Empty));

    /// <summary>
    /// Starts the host; <paramref name="client"/> null: the model is not configured (a remote endpoint without an API key).
    /// With <paramref name="timeProvider"/> the relay's clock is that one: the call time limit, the idle timeout, the flood
    /// guard and the close timeouts all run on it (Kestrel and the model connection keep the real clock).
    /// </summary>
    public static async Task<RelayTestHost> StartAsync(VoiceModelClient? client, IContactRepository contacts, Action<VoiceAgentEndpointOptions>? configure = null, TimeProvider? timeProvider = null, VoiceAgentDrain? drain = null)
    {
        var observer = new CallObserver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestLoggerProvider()).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IRelayObserver>(observer);
        builder.Services.AddSingleton(contacts);
        if (client is not null)
        {
            builder.Services.AddSingleton(client);
        }

        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        if (drain is not null)
        {
            builder.Services.AddSingleton(drain);
        }

        builder.Services.AddRealtimeVoiceAgent(o => o.Endpoint = new Uri("wss://realtime.example.com")).AddContactAgent();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapVoiceAgent("/ws", configure: options =>
        {
            options.CloseTimeout = TimeSpan.FromSeconds(5);
            // Scripted callers send their audio at once rather than in real time; the flood test sets its own burst.
            options.AudioBurst = TimeSpan.FromSeconds(30);
            configure?.Invoke(options);
        });
        await app.StartAsync();
        return new RelayTestHost(app, observer, contacts);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
