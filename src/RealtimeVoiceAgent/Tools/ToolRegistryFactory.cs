using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Tools;

/// <summary>
/// Creates the <see cref="ToolRegistry"/> of one call: the application's tools (registered with
/// <c>RealtimeVoiceAgentBuilder.AddTool</c>) plus, when a <see cref="ContactCollector"/> is registered, that call's
/// <c>save_contact</c> and <c>update_contact</c>.
/// </summary>
/// <remarks>Thread-safe; registered as a singleton by <c>AddRealtimeVoiceAgent</c>.</remarks>
public sealed class ToolRegistryFactory
{
    private readonly AIFunction[] _tools;
    private readonly ContactCollector? _contactCollector;
    private readonly ToolRegistryOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly TimeProvider? _timeProvider;

    /// <summary>Creates the factory.</summary>
    /// <param name="tools">The application's tools, added to every call.</param>
    /// <param name="contactCollector">Adds each call's contact tools; <see langword="null"/> for none.</param>
    /// <param name="options">Timeouts and error detail for every registry; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Passed to each registry.</param>
    /// <param name="timeProvider">Passed to each registry.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> is <see langword="null"/>.</exception>
    public ToolRegistryFactory(IEnumerable<AIFunction> tools, ContactCollector? contactCollector = null, ToolRegistryOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        _tools = tools.ToArray();
        _contactCollector = contactCollector;
        _options = options ?? new ToolRegistryOptions();
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
    }

    /// <summary>Passed to each registry; set by <c>AddRealtimeVoiceAgent</c>.</summary>
    internal VoiceAgentTelemetry? Telemetry { get; init; }

    /// <summary>The instructions of the registered <see cref="ContactCollector"/>, or <see langword="null"/> when there is none.</summary>
    public string? ContactInstructions => _contactCollector?.Instructions;

    /// <summary>Creates the tools for one call.</summary>
    /// <param name="callId">Identifies the call (stored with a saved contact).</param>
    /// <returns>A new registry; use its <see cref="ToolRegistry.Definitions"/> in <c>session.update</c> and its <see cref="ToolRegistry.InvokeAsync"/> for function calls.</returns>
    /// <exception cref="ArgumentException"><paramref name="callId"/> is empty, or two tools share a name.</exception>
    public ToolRegistry Create(string callId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        var registry = new ToolRegistry(_options, _loggerFactory, _timeProvider) { Telemetry = Telemetry };
        registry.AddRange(_tools);
        if (_contactCollector is not null)
        {
            registry.AddRange(_contactCollector.CreateCallTools(callId).Functions);
        }

        return registry;
    }
}
