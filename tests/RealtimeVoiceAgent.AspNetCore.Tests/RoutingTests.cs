using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Endpoint;
using Xunit;

namespace RealtimeVoiceAgent.AspNetCore.Tests;

/// <summary>One host, two agents on two routes, and the route's options checked when it is mapped.</summary>
public sealed class RoutingTests
{
    [Fact]
    public async Task MapVoiceAgent_TwoNamedAgents_EachRouteGetsItsOwnAgent()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        var builder = NewBuilder(model.Endpoint);
        builder.Services.AddRealtimeVoiceAgent().AddAgent<OrderAgent>("orders").AddContactAgent();
        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapVoiceAgent("/orders", agent: "orders");
        app.MapVoiceAgent("/ws", agent: ContactAgent.DefaultName);
        await app.StartAsync();

        // Act: one call on each route
        await using (var orders = await TestCaller.ConnectAsync(CallUri(app, "/orders?caller=ada")))
        {
            await orders.WaitForAsync("ready");
        }

        await using (var contacts = await TestCaller.ConnectAsync(CallUri(app, "/ws")))
        {
            await contacts.WaitForAsync("ready");
        }

        // Assert: the order agent's instructions, voice and no greeting; the contact agent's instructions, tools and greeting
        var sessions = model.ReceivedEvents.Where(e => e.Type == "session.update").Select(e => e.Parse().GetProperty("session")).ToArray();
        Assert.Equal(2, sessions.Length);
        Assert.Equal("Order status for ada.", sessions[0].GetProperty("instructions").GetString());
        Assert.Equal("marin", sessions[0].GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        Assert.False(sessions[0].TryGetProperty("tools", out _));
        Assert.Equal(ContactCollector.DefaultInstructions + "\n" + ContactAgent.CallInstructions, sessions[1].GetProperty("instructions").GetString());
        Assert.Equal(["record_contact_field", "save_contact", "update_contact", "end_call"], sessions[1].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var greeting = Assert.Single(model.ReceivedEvents, e => e.Type == "response.create");
        Assert.Equal(ContactAgent.GreetingInstructions, greeting.Parse().GetProperty("response").GetProperty("instructions").GetString());
    }

    [Fact]
    public async Task MapVoiceAgent_InvalidOption_ThrowsAtMappingNamingTheOption()
    {
        // Arrange
        var builder = NewBuilder(new Uri("ws://127.0.0.1:9/v1/realtime"));
        builder.Services.AddRealtimeVoiceAgent().AddAgent<OrderAgent>();
        builder.Services.Configure<VoiceAgentEndpointOptions>(o => o.MaxConcurrentCalls = 0);
        await using var app = builder.Build();

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => app.MapVoiceAgent("/orders", configure: o => o.MaxFrameBytes = 10));

        // Assert: both the bound value and the route's own change are checked
        Assert.Contains("MaxConcurrentCalls", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFrameBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapVoiceAgent_UnknownAgent_ThrowsNamingTheRegisteredOnes()
    {
        // Arrange
        var builder = NewBuilder(new Uri("ws://127.0.0.1:9/v1/realtime"));
        builder.Services.AddRealtimeVoiceAgent().AddAgent<OrderAgent>("orders");
        await using var app = builder.Build();

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => app.MapVoiceAgent("/billing", agent: "billing"));

        // Assert
        Assert.Contains("'billing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("orders", error.Message, StringComparison.Ordinal);
    }

    private static WebApplicationBuilder NewBuilder(Uri modelEndpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<RealtimeClientOptions>(o => o.Endpoint = modelEndpoint);
        builder.Services.AddSingleton<IContactRepository, InMemoryContactRepository>();
        return builder;
    }

    private static Uri CallUri(WebApplication app, string pathAndQuery) =>
        new(app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + pathAndQuery);

    /// <summary>An agent of a user's own: instructions from what the caller sent when connecting, a voice, no greeting.</summary>
    private sealed class OrderAgent(CallContext context) : VoiceAgent
    {
        public override string Instructions => $"Order status for {context.CallerMetadata.GetValueOrDefault("caller", "a caller")}.";

        public override RealtimeVoice? Voice => RealtimeVoice.Marin;
    }
}
