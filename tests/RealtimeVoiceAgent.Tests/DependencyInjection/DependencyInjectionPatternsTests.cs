using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.MongoDB;
using RealtimeVoiceAgent.Sqlite;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.DependencyInjection;

/// <summary>Pins the registration lifetimes and idempotency of AddRealtimeVoiceAgent and its builder.</summary>
public class DependencyInjectionPatternsTests
{
    private static readonly string s_sqlite = "Data Source=" + Path.Combine(Path.GetTempPath(), "rva-di-" + Guid.NewGuid().ToString("N"), "contacts.db");

    private static IServiceCollection Register(IServiceCollection services) => services
        .AddRealtimeVoiceAgent(o => o.Endpoint = new Uri("ws://127.0.0.1:5999/v1/realtime"))
        .AddContactAgent(o => o.DefaultRegion = "GB")
        .AddTool(() => "pong", "ping", "Replies pong.")
        .UseSqliteContacts(s_sqlite)
        .Services;

    [Theory]
    [InlineData(typeof(RealtimeClient))]
    [InlineData(typeof(ToolRegistryFactory))]
    [InlineData(typeof(VoiceModelClient))]
    [InlineData(typeof(CallRelay))]
    [InlineData(typeof(VoiceAgentRegistration))]
    [InlineData(typeof(ContactCollector))]
    [InlineData(typeof(IContactRepository))]
    [InlineData(typeof(AIFunction))]
    public void AddRealtimeVoiceAgent_Services_AreSingletonsRegisteredOnce(Type serviceType)
    {
        // Arrange
        var services = new ServiceCollection();

        // Act: register everything twice
        Register(services);
        Register(services);

        // Assert
        ServiceDescriptor descriptor = Assert.Single(services, d => d.ServiceType == serviceType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }

    [Fact]
    public void AddRealtimeVoiceAgent_Resolve_ReturnsSameInstancesAndAppliesOptions()
    {
        using ServiceProvider provider = Register(new ServiceCollection()).BuildServiceProvider(validateScopes: true);

        Assert.Same(provider.GetRequiredService<RealtimeClient>(), provider.GetRequiredService<RealtimeClient>());
        Assert.Same(provider.GetRequiredService<ContactCollector>(), provider.GetRequiredService<ContactCollector>());
        Assert.Equal(new Uri("ws://127.0.0.1:5999/v1/realtime?model=gpt-realtime"), provider.GetRequiredService<RealtimeClient>().Endpoint);
        Assert.Equal("GB", provider.GetRequiredService<ContactCollector>().Normalizer.DefaultRegion);
        Assert.IsType<SqliteContactRepository>(provider.GetRequiredService<IContactRepository>());
    }

    [Fact]
    public void AddRealtimeVoiceAgent_ModelClient_IsTheRealtimeClient()
    {
        using ServiceProvider provider = Register(new ServiceCollection()).BuildServiceProvider(validateScopes: true);

        Assert.Same(provider.GetRequiredService<RealtimeClient>(), provider.GetRequiredService<VoiceModelClient>());
    }

    [Fact]
    public void AddContactAgent_Registration_IsTheContactsAgent()
    {
        using ServiceProvider provider = Register(new ServiceCollection()).BuildServiceProvider(validateScopes: true);

        CallRelay relay = provider.GetRequiredService<CallRelay>();

        Assert.Equal([ContactAgent.DefaultName], relay.AgentNames);
        Assert.Equal(ContactAgent.DefaultName, relay.ResolveAgentName(null));
    }

    [Fact]
    public void ToolRegistryFactory_Create_HasSharedToolsThenTheAgentsTools()
    {
        using ServiceProvider provider = Register(new ServiceCollection()).BuildServiceProvider();
        ToolRegistryFactory factory = provider.GetRequiredService<ToolRegistryFactory>();
        ContactCollector collector = provider.GetRequiredService<ContactCollector>();

        ToolRegistry first = factory.Create("call-1", collector.CreateCallTools("call-1").Functions);
        ToolRegistry second = factory.Create("call-2", []);

        Assert.Equal(["ping", "record_contact_field", "save_contact", "update_contact"], first.Definitions.Select(d => d.Name));
        Assert.Equal(["ping"], second.Definitions.Select(d => d.Name));
    }

    [Fact]
    public void AddAgent_SameNameTwice_ThrowsUnlessTheSameType()
    {
        RealtimeVoiceAgentBuilder builder = new ServiceCollection().AddRealtimeVoiceAgent().AddAgent<ContactAgent>("x");

        builder.AddAgent<ContactAgent>("x");
        ArgumentException ex = Assert.Throws<ArgumentException>(() => builder.AddAgent((_, _) => throw new InvalidOperationException(), "x"));

        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
        Assert.Single(builder.Services, d => d.ServiceType == typeof(VoiceAgentRegistration));
    }

    [Fact]
    public void AddAgent_AgentsWithAndWithoutCallContext_AreCreatedPerCall()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new OrderTable());
        services.AddRealtimeVoiceAgent().AddAgent<ServicesOnlyAgent>("services").AddAgent<ParameterlessAgent>("none").AddAgent<ContextAgent>("context");
        using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);
        var registrations = provider.GetServices<VoiceAgentRegistration>().ToDictionary(r => r.Name);
        var call = new CallContext("call-1", "test");

        var servicesOnly = Assert.IsType<ServicesOnlyAgent>(registrations["services"].Create(provider, call));
        Assert.IsType<ParameterlessAgent>(registrations["none"].Create(provider, call));
        var withContext = Assert.IsType<ContextAgent>(registrations["context"].Create(provider, call));

        Assert.Same(provider.GetRequiredService<OrderTable>(), servicesOnly.Orders);
        Assert.Same(call, withContext.Context);
        Assert.NotSame(servicesOnly, registrations["services"].Create(provider, call));
    }

    [Fact]
    public void AddRealtimeVoiceAgent_InvalidOptions_FailValidationNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent(o => o.Endpoint = new Uri("ws://realtime.example.com"))
            .ConfigureTools(o => o.DefaultTimeout = TimeSpan.Zero)
            .ConfigureCalls(o => o.MaxOutboundBufferBytes = 10);
        using ServiceProvider provider = services.BuildServiceProvider();

        var client = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RealtimeClientOptions>>().Value);
        var tools = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ToolRegistryOptions>>().Value);
        var calls = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CallRelayOptions>>().Value);

        Assert.Contains("ws://", client.Message, StringComparison.Ordinal);
        Assert.Contains("ToolRegistryOptions.DefaultTimeout", tools.Message, StringComparison.Ordinal);
        Assert.Contains("MaxOutboundBufferBytes", calls.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureCalls_TokenPrices_BindFromConfigurationAndANegativePriceFailsValidation()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new System.Collections.Generic.Dictionary<string, string?>
            {
                ["Calls:TokenPrices:AudioInput"] = "32",
                ["Calls:TokenPrices:CachedAudioInput"] = "0.4",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent(o => o.Endpoint = new Uri("ws://127.0.0.1:9")).ConfigureCalls(o => configuration.GetSection("Calls").Bind(o));
        using ServiceProvider bound = services.BuildServiceProvider();
        var negative = new ServiceCollection();
        negative.AddRealtimeVoiceAgent(o => o.Endpoint = new Uri("ws://127.0.0.1:9")).ConfigureCalls(o => o.TokenPrices.TextOutput = -1);
        using ServiceProvider invalid = negative.BuildServiceProvider();

        TokenPrices prices = bound.GetRequiredService<IOptions<CallRelayOptions>>().Value.TokenPrices;
        var error = Assert.Throws<OptionsValidationException>(() => invalid.GetRequiredService<IOptions<CallRelayOptions>>().Value);

        Assert.Equal((32m, 0.4m, 0m, true), (prices.AudioInput, prices.CachedAudioInput, prices.TextInput, prices.IsSet));
        Assert.Contains("TokenPrices.TextOutput", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRealtimeVoiceAgent_FromConfigurationSection_BindsClientOptions()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new System.Collections.Generic.Dictionary<string, string?>
            {
                ["RealtimeVoiceAgent:Endpoint"] = "ws://127.0.0.1:5998",
                ["RealtimeVoiceAgent:Model"] = "gpt-realtime-mini",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent(configuration.GetSection("RealtimeVoiceAgent"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(new Uri("ws://127.0.0.1:5998/v1/realtime?model=gpt-realtime-mini"), provider.GetRequiredService<RealtimeClient>().Endpoint);
    }

    [Fact]
    public void UseMongoContacts_AfterSqlite_ReplacesStore()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().AddContactAgent().UseSqliteContacts(s_sqlite).UseMongoContacts("mongodb://localhost:27017", "voicecontacts");
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IContactRepository));
        Assert.IsType<MongoContactRepository>(provider.GetRequiredService<IContactRepository>());
    }

    [Fact]
    public void AddContactAgent_WithoutStore_ThrowsActionableError()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().AddContactAgent();
        using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ContactCollector>());
        Assert.Contains("UseSqliteContacts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddContactAgent_InvalidRegion_FailsOptionsValidation()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().AddContactAgent(o => o.DefaultRegion = "Narnia").UseSqliteContacts(s_sqlite);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ContactCollectorOptions>>().Value);
        Assert.Contains("Narnia", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTool_DifferentToolSameName_Throws()
    {
        RealtimeVoiceAgentBuilder builder = new ServiceCollection().AddRealtimeVoiceAgent().AddTool(() => 1, "dup");

        Assert.Throws<ArgumentException>(() => builder.AddTool(() => 2, "dup"));
    }

    [Fact]
    public void ConfigureTools_Timeout_ReachesRegistryOptions()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().ConfigureTools(o => o.DefaultTimeout = TimeSpan.FromSeconds(3));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(3), provider.GetRequiredService<IOptions<ToolRegistryOptions>>().Value.DefaultTimeout);
    }

    private sealed class OrderTable;

    private sealed class ServicesOnlyAgent(OrderTable orders) : VoiceAgent
    {
        public OrderTable Orders { get; } = orders;

        public override string Instructions => "Look up orders.";
    }

    private sealed class ParameterlessAgent : VoiceAgent
    {
        public override string Instructions => "Say hello.";
    }

    private sealed class ContextAgent(CallContext context, OrderTable orders) : VoiceAgent
    {
        public CallContext Context { get; } = context;

        public override string Instructions => orders.ToString()!;
    }
}
