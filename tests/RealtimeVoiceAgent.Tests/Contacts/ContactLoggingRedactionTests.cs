using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>Emails and phone numbers reach the logs only at Trace level.</summary>
public class ContactLoggingRedactionTests
{
    private static readonly string[] s_personalData = ["ada@example.com", "ada at example", "+14155550123", "415 555 0123", "Ada Lovelace", "ada lovelace"];

    private static async Task<CollectingLoggerProvider> RunCallAsync(LogLevel minimumLevel)
    {
        var provider = new CollectingLoggerProvider();
        using ILoggerFactory loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(minimumLevel).AddProvider(provider));
        var collector = new ContactCollector(new InMemoryContactRepository(), loggerFactory: loggerFactory);
        ToolRegistry registry = new ToolRegistryFactory([], loggerFactory: loggerFactory).Create("call-1", collector.CreateCallTools("call-1").Functions);

        await registry.InvokeAsync("c1", "save_contact", """{"name":"ada lovelace","email":"ada at example","phone":"415 555 0123"}""");
        await registry.InvokeAsync("c2", "save_contact", """{"name":"ada lovelace","email":"ada@example.com","phone":"415 555 0123"}""");
        await registry.InvokeAsync("c3", "update_contact", """{"name":"Ada Lovelace"}""");
        await registry.InvokeAsync("c4", "update_contact", """{"email":42}""");
        return provider;
    }

    [Fact]
    public async Task ContactTools_LoggingAtDebug_NeverWriteEmailPhoneOrName()
    {
        CollectingLoggerProvider logs = await RunCallAsync(LogLevel.Debug);

        Assert.NotEmpty(logs.Messages);
        Assert.Contains(logs.Messages, m => m.Contains("saved in call call-1", StringComparison.Ordinal));
        Assert.All(logs.Messages, m => Assert.DoesNotContain(s_personalData, pii => m.Contains(pii, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ContactTools_LoggingAtTrace_IncludeValuesForDiagnosis()
    {
        CollectingLoggerProvider logs = await RunCallAsync(LogLevel.Trace);

        Assert.Contains(logs.Messages, m => m.Contains("ada@example.com", StringComparison.Ordinal) && m.Contains("+14155550123", StringComparison.Ordinal));
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CollectingLogger(Messages);

        public void Dispose()
        {
        }

        private sealed class CollectingLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => messages.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
