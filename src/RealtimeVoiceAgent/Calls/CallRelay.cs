using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.Internal;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Calls;

/// <summary>
/// Runs calls: joins a <see cref="CallerTransport"/>, a registered <see cref="VoiceAgent"/> (one instance per call) and a
/// session of the <see cref="VoiceModelClient"/>, and relays between them until the call ends. It owns timing and safety
/// (limits, backpressure, barge-in, tool sequencing) and nothing product-specific. A transport package calls
/// <see cref="RunAsync"/> once per connected caller.
/// </summary>
/// <remarks>Registered as a singleton by <c>AddRealtimeVoiceAgent</c>; thread-safe.</remarks>
public sealed class CallRelay
{
    private readonly VoiceModelClient _model;
    private readonly FrozenDictionary<string, VoiceAgentRegistration> _agents;
    private readonly IServiceScopeFactory _scopes;
    private readonly ToolRegistryFactory _tools;
    private readonly CallRelayOptions _defaults;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly VoiceAgentTelemetry? _telemetry;
    private readonly IRelayObserver? _observer;
    private readonly VoiceAgentDrain? _drain;
    private long _callCounter;

    internal CallRelay(
        VoiceModelClient model,
        IEnumerable<VoiceAgentRegistration> agents,
        IServiceScopeFactory scopes,
        ToolRegistryFactory tools,
        CallRelayOptions defaults,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        VoiceAgentTelemetry? telemetry,
        IRelayObserver? observer,
        VoiceAgentDrain? drain = null)
    {
        _model = model;
        _agents = agents.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
        _scopes = scopes;
        _tools = tools;
        _defaults = defaults;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<CallRelay>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _telemetry = telemetry;
        _observer = observer;
        _drain = drain;
    }

    /// <summary>The names of the registered agents.</summary>
    public IReadOnlyCollection<string> AgentNames => _agents.Keys;

    /// <summary>Whether the model can be called (<see cref="VoiceModelClient.IsConfigured"/>); when not, every call ends at once with <see cref="CallEndReason.NotConfigured"/>.</summary>
    public bool IsModelConfigured => _model.IsConfigured;

    /// <summary>The agent a call with <paramref name="agentName"/> gets: that agent, or the only one registered when it is <see langword="null"/>.</summary>
    /// <param name="agentName">A registered agent's name, or <see langword="null"/>.</param>
    /// <returns>The registered name.</returns>
    /// <exception cref="InvalidOperationException">No such agent, or <see langword="null"/> while several (or none) are registered.</exception>
    public string ResolveAgentName(string? agentName)
    {
        if (agentName is not null)
        {
            return _agents.ContainsKey(agentName)
                ? agentName
                : throw new InvalidOperationException($"No agent named '{agentName}' is registered. Registered: {Describe()}. Register it with AddAgent<TAgent>(\"{agentName}\").");
        }

        return _agents.Count switch
        {
            1 => _agents.Keys[0],
            0 => throw new InvalidOperationException("No agent is registered: call services.AddRealtimeVoiceAgent().AddAgent<TAgent>() (or AddContactAgent() for VoiceContacts)."),
            _ => throw new InvalidOperationException($"Several agents are registered ({Describe()}): name the one this route serves, e.g. MapVoiceAgent(\"/ws\", agent: \"{_agents.Keys[0]}\")."),
        };
    }

    /// <summary>Runs one call to its end.</summary>
    /// <param name="caller">The connected caller. The relay closes it (or aborts it) before returning.</param>
    /// <param name="agentName">The agent to run (see <see cref="ResolveAgentName"/>).</param>
    /// <param name="options">This call's limits; <see langword="null"/> for the configured defaults.</param>
    /// <param name="cancellationToken">Ends the call as <see cref="CallEndReason.ServerShutdown"/> (the host is stopping; with a <see cref="VoiceAgentDrain"/>, pass its <see cref="VoiceAgentDrain.CallsMustEnd"/>).</param>
    /// <returns>Why the call ended (<see cref="CallEndReason.ServerDraining"/> when a registered <see cref="VoiceAgentDrain"/> refused it). Never throws for caller, model, tool or agent failures.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="caller"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The agent name does not resolve.</exception>
    public async Task<CallEndReason> RunAsync(CallerTransport caller, string? agentName = null, CallRelayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var registration = _agents[ResolveAgentName(agentName)];
        options ??= _defaults;

        if (_drain is { IsDraining: true })
        {
            // Checked again when the call is admitted below; this spares a refused caller the agent's creation.
            RelayLog.RefusedWhileDraining(_logger);
            await RejectAsync(caller, CallEndReason.ServerDraining, cancellationToken).ConfigureAwait(false);
            return CallEndReason.ServerDraining;
        }

        if (!_model.IsConfigured)
        {
            await RejectAsync(caller, CallEndReason.NotConfigured, cancellationToken).ConfigureAwait(false);
            return CallEndReason.NotConfigured;
        }

        var callId = "call_" + Interlocked.Increment(ref _callCounter).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        // The agent and the services it takes live in a scope of their own for the length of the call.
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            CallSession? session = null;
            CallContext context;
            VoiceAgent agent;
            ToolRegistry tools;
            try
            {
                // The context reaches the session once it exists (before any tool or hook can run).
                context = new CallContext(callId, caller.Kind, caller.CallerMetadata, e => session?.SendEvent(e))
                {
                    CallerPhoneNumber = CallerPhoneNumberOf(caller),
                    EndCallHandler = () => session?.RequestEnd(),
                    SystemMessageHandler = (text, respond) => session?.AddSystemMessage(text, respond),
                };
                agent = registration.Create(scope.ServiceProvider, context);
                tools = _tools.Create(callId, agent.Tools);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                RelayLog.AgentCreationFailed(_logger, registration.Name, ex);
                await RejectAsync(caller, CallEndReason.InternalError, cancellationToken).ConfigureAwait(false);
                return CallEndReason.InternalError;
            }

            session = new CallSession(callId, caller, options, _loggerFactory.CreateLogger<CallSession>(), _timeProvider, _telemetry, _observer);
            if (context.IsEndRequested)
            {
                // The agent's constructor already asked to end the call.
                session.RequestEnd();
            }

            if (_drain is not null && !_drain.TryAdmit(session))
            {
                RelayLog.RefusedWhileDraining(_logger);
                await RejectAsync(caller, CallEndReason.ServerDraining, cancellationToken).ConfigureAwait(false);
                return CallEndReason.ServerDraining;
            }

            try
            {
                return await session.RunAsync(_model, agent, registration.Name, tools, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _drain?.Release(session);
            }
        }
    }

    /// <summary>Refuses a call that will not run (the host is at its call limit, the model is not configured): tells the caller why and closes.</summary>
    /// <param name="caller">The connected caller.</param>
    /// <param name="reason">Why the call is refused.</param>
    /// <param name="cancellationToken">Cancels the close.</param>
    /// <returns>A task that completes when the caller is closed (or aborted, when the close does not finish within the close timeout).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="caller"/> is <see langword="null"/>.</exception>
    public async Task RejectAsync(CallerTransport caller, CallEndReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        using var timeout = new CancellationTokenSource(_defaults.CloseTimeout, _timeProvider);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (CallerEvent.ForEndReason(reason) is { } error)
            {
                await caller.SendEventAsync(error, cts.Token).ConfigureAwait(false);
            }

            await caller.CloseAsync(reason, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RelayLog.CallerCloseFailed(_logger, ex.GetType().Name);
            caller.Abort();
        }
    }

    // A transport's caller number goes into the agent's context (and from there into model instructions) only in E.164.
    private string? CallerPhoneNumberOf(CallerTransport caller)
    {
        var number = caller.CallerPhoneNumber;
        if (number is null || CallContext.IsE164(number))
        {
            return number;
        }

        RelayLog.CallerPhoneNumberIgnored(_logger, caller.Kind);
        return null;
    }

    private string Describe() => _agents.Count == 0 ? "none" : string.Join(", ", _agents.Keys.Order(StringComparer.Ordinal));
}
