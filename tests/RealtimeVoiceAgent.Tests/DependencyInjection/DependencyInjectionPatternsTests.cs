using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
        .AddContactCollector(o => o.DefaultRegion = "GB")
        .AddTool(() => "pong", "ping", "Replies pong.")
        .UseSqliteContacts(s_sqlite)
        .Services;

    [Theory]
    [InlineData(typeof(RealtimeClient))]
    [InlineData(typeof(ToolRegistryFactory))]
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
    public void ToolRegistryFactory_Create_HasAppToolsAndContactTools()
    {
        using ServiceProvider provider = Register(new ServiceCollection()).BuildServiceProvider();
        ToolRegistryFactory factory = provider.GetRequiredService<ToolRegistryFactory>();

        ToolRegistry first = factory.Create("call-1");
        ToolRegistry second = factory.Create("call-2");

        Assert.Equal(["ping", "save_contact", "update_contact"], first.Definitions.Select(d => d.Name));
        Assert.NotSame(first, second);
        Assert.Equal(ContactCollector.DefaultInstructions, factory.ContactInstructions);
    }

    [Fact]
    public void ToolRegistryFactory_WithoutContactCollector_HasOnlyAppTools()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().AddTool(() => 1, "one");
        using ServiceProvider provider = services.BuildServiceProvider();

        ToolRegistry registry = provider.GetRequiredService<ToolRegistryFactory>().Create("call-1");

        Assert.Equal(["one"], registry.Definitions.Select(d => d.Name));
        Assert.Null(provider.GetRequiredService<ToolRegistryFactory>().ContactInstructions);
    }

    [Fact]
    public void UseMongoContacts_AfterSqlite_ReplacesStore()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().AddContactCollector().UseSqliteContacts(s_sqlite).UseMongoContacts("mongodb://localhost:27017", "voicecontacts");
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IContactRepository));
        Assert.IsType<MongoContactRepository>(provider.GetRequiredService<IContactRepository>());
    }

    [Fact]
    public void AddContactCollector_WithoutStore_ThrowsActionableError()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().AddContactCollector();
        using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ContactCollector>());
        Assert.Contains("UseSqliteContacts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddContactCollector_InvalidRegion_FailsOptionsValidation()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().AddContactCollector(o => o.DefaultRegion = "Narnia").UseSqliteContacts(s_sqlite);
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
}
