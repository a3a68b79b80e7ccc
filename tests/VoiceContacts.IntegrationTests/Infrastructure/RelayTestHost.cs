using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent;
using RealtimeVoiceAgent.AspNetCore;
using RealtimeVoiceAgent.AspNetCore.Internal;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Tools;

namespace VoiceContacts.IntegrationTests.Infrastructure;

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

    public static async Task<RelayTestHost> StartAsync(RealtimeClient? client, IContactRepository contacts, Action<VoiceAgentEndpointOptions>? configure = null)
    {
        var observer = new CallObserver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestLoggerProvider()).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(observer);
        builder.Services.AddSingleton<ICallAgentFactory>(sp => new ContactCallAgentFactory(
            client,
            new ToolRegistryFactory([], new ContactCollector(contacts), loggerFactory: sp.GetRequiredService<ILoggerFactory>())));
        var app = builder.Build();
        app.UseWebSockets();
        app.MapVoiceAgent("/ws", options =>
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
