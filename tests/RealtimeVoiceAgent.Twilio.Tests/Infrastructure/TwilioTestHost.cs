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
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Endpoint;

namespace RealtimeVoiceAgent.Twilio.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 with <c>MapTwilioVoice()</c> and the contact agent, a <see cref="FakeRealtimeServer"/>
/// as the model and a contact store. Twilio reaches it as <see cref="PublicBaseUrl"/> through a "tunnel" (the fake phone's
/// <see cref="FakeTwilioMediaStreamOptions.Tunnel"/> is the host's local address), as a real deployment behind a proxy.
/// </summary>
internal sealed class TwilioTestHost : IAsyncDisposable
{
    public const string AuthToken = "test-auth-token-0123456789abcdef";
    public static readonly Uri PublicBaseUrl = new("https://contacts.example.com");
    private readonly WebApplication _app;

    private TwilioTestHost(WebApplication app, FakeRealtimeServer model, IContactRepository contacts, TestLoggerProvider logs, CallObserver observer)
    {
        _app = app;
        Observer = observer;
        Model = model;
        Contacts = contacts;
        Logs = logs;
        LocalUrl = new Uri(app.Urls.First());
    }

    public FakeRealtimeServer Model { get; }

    public IContactRepository Contacts { get; }

    public TestLoggerProvider Logs { get; }

    /// <summary>Sees every call start and end (how it ended, and how many are running).</summary>
    public CallObserver Observer { get; }

    /// <summary>Where the host really listens (what the tunnel forwards to).</summary>
    public Uri LocalUrl { get; }

    public static Uri VoiceUrl => new(PublicBaseUrl, "/twilio/voice");

    public static Uri MediaUrl => new("wss://contacts.example.com/twilio/media");

    public static async Task<TwilioTestHost> StartAsync(IContactRepository? contacts = null, Action<TwilioVoiceOptions>? configure = null, VoiceAgentDrain? drain = null)
    {
        var model = await FakeRealtimeServer.StartAsync();
        contacts ??= new InMemoryContactRepository();
        var logs = new TestLoggerProvider();
        var observer = new CallObserver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(contacts);
        if (drain is not null)
        {
            builder.Services.AddSingleton(drain);
        }

        builder.Services.AddSingleton<IRelayObserver>(observer);
        builder.Services.AddRealtimeVoiceAgent(o =>
        {
            o.Endpoint = model.Endpoint;
            o.ApiKey = "test-key";
        }).AddContactAgent();
        builder.Services.Configure<TwilioVoiceOptions>(o =>
        {
            o.AuthToken = AuthToken;
            o.PublicBaseUrl = PublicBaseUrl;
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.MapTwilioVoice(configure: options =>
        {
            // The fake phone streams in real time; a scripted test may send its audio a little ahead.
            options.AudioBurst = TimeSpan.FromSeconds(30);
            configure?.Invoke(options);
        });
        await app.StartAsync();
        return new TwilioTestHost(app, model, contacts, logs, observer);
    }

    /// <summary>The fake phone's settings for a call to this host: signed with the right token, through the tunnel.</summary>
    public FakeTwilioMediaStreamOptions Phone(string? from = "+14155552671") => new() { AuthToken = AuthToken, From = from, Tunnel = LocalUrl };

    public Task<FakeTwilioMediaStream> DialAsync(string? from = "+14155552671") => FakeTwilioMediaStream.DialAsync(VoiceUrl, Phone(from));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Model.DisposeAsync();
    }
}
