using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Tests.Endpoint;

/// <summary>Collects log lines in memory so a failing test can show them and a test can check what was (not) logged.</summary>
public sealed class TestLoggerProvider : ILoggerProvider
{
    // Set RELAY_TEST_LOG to a file path to get every log line of a run while debugging.
    private static readonly string? s_file = Environment.GetEnvironmentVariable("RELAY_TEST_LOG");

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}";
            provider.Lines.Enqueue(line);
            if (s_file is not null)
            {
                lock (s_file)
                {
                    System.IO.File.AppendAllText(s_file, line + Environment.NewLine);
                }
            }
        }
    }
}
