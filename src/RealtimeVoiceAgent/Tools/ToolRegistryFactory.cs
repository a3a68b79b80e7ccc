using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Tools;

/// <summary>
/// Creates the <see cref="ToolRegistry"/> of one call: the application's shared tools (<c>AddTool</c>) and the call's
/// agent's own (<see cref="VoiceAgent.Tools"/>). A registry per call, because a registry remembers which function calls it
/// has answered.
/// </summary>
internal sealed class ToolRegistryFactory
{
    private readonly AIFunction[] _sharedTools;
    private readonly ToolRegistryOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly TimeProvider? _timeProvider;
    private readonly VoiceAgentTelemetry? _telemetry;

    public ToolRegistryFactory(IEnumerable<AIFunction> sharedTools, ToolRegistryOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, VoiceAgentTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(sharedTools);
        _sharedTools = sharedTools.ToArray();
        _options = options ?? new ToolRegistryOptions();
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _telemetry = telemetry;
    }

    /// <summary>Creates one call's registry; throws <see cref="ArgumentException"/> when two tools share a name.</summary>
    public ToolRegistry Create(string callId, IEnumerable<AIFunction> agentTools)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        var registry = new ToolRegistry(_options, _loggerFactory, _timeProvider) { Telemetry = _telemetry };
        registry.AddRange(_sharedTools);
        registry.AddRange(agentTools);
        return registry;
    }
}
