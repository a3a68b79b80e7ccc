using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Tools;

/// <summary>
/// The functions one realtime session offers the model: produces the <c>tools</c> of <c>session.update</c>
/// and invokes a function call from <c>response.output_item.done</c>, turning every failure into an error output
/// the model can react to.
/// </summary>
/// <remarks>
/// <para>
/// Create one registry per call: it remembers which <c>call_id</c>s it has answered, so a repeated call id is not
/// executed twice (see <see cref="InvokeAsync"/>).
/// </para>
/// <para>
/// Handlers run on the thread pool, without a <see cref="SynchronizationContext"/>, and may run concurrently
/// when the model issues several calls at once. <see cref="Add(AIFunction)"/> and <see cref="InvokeAsync"/>
/// are thread-safe.
/// </para>
/// </remarks>
public sealed partial class ToolRegistry
{
    // The tool-name tag of invocations of tools that are not registered (OpenTelemetry's name for "another value").
    private const string OtherToolName = "_OTHER";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Registration> _tools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<ToolInvocationResult>>> _calls = new(StringComparer.Ordinal);
    private readonly ToolRegistryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private RealtimeToolDefinition[] _definitions = [];

    /// <summary>Creates an empty registry with default options.</summary>
    public ToolRegistry()
        : this(null)
    {
    }

    /// <summary>Creates an empty registry.</summary>
    /// <param name="options">Timeouts and error detail; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Logs invocations and failures; tool arguments only at Trace level.</param>
    /// <param name="timeProvider">The clock for tool timeouts; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public ToolRegistry(ToolRegistryOptions? options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new ToolRegistryOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.DefaultTimeout, TimeSpan.Zero, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<ToolRegistry>() ?? NullLogger.Instance;
    }

    /// <summary>Times invocations by tool and error; set by <see cref="ToolRegistryFactory"/> when metrics are on.</summary>
    internal VoiceAgentTelemetry? Telemetry { get; init; }

    /// <summary>The <c>tools</c> to declare in <c>session.update</c>, in registration order.</summary>
    public IReadOnlyList<RealtimeToolDefinition> Definitions => Volatile.Read(ref _definitions);

    /// <summary>Adds a function with the default timeout.</summary>
    /// <param name="function">The function; its <see cref="AIFunctionDeclaration.JsonSchema"/> becomes the tool's parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A function with the same name is already registered.</exception>
    public void Add(AIFunction function) => AddCore(function, timeout: null);

    /// <summary>Adds a function with its own timeout.</summary>
    /// <param name="function">The function; its <see cref="AIFunctionDeclaration.JsonSchema"/> becomes the tool's parameters.</param>
    /// <param name="timeout">How long the function may run before the model gets a timeout error.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    /// <exception cref="ArgumentException">A function with the same name is already registered.</exception>
    public void Add(AIFunction function, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        AddCore(function, timeout);
    }

    /// <summary>Adds a delegate as a function, created with <see cref="AIFunctionFactory"/>.</summary>
    /// <param name="handler">The method to call; its parameters become the tool's JSON Schema (a <see cref="CancellationToken"/> parameter is bound to the invocation's token).</param>
    /// <param name="name">The function name; <see langword="null"/> derives it from the method.</param>
    /// <param name="description">The description for the model; <see langword="null"/> uses the method's <see cref="System.ComponentModel.DescriptionAttribute"/>.</param>
    /// <returns>The created function.</returns>
    /// <remarks>The handler's return value reaches <see cref="ToolInvocationResult.Value"/> as the typed object it returned.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A function with the same name is already registered.</exception>
    public AIFunction Add(Delegate handler, string? name = null, string? description = null)
    {
        AIFunction function = CreateFunction(handler, name, description);
        AddCore(function, timeout: null);
        return function;
    }

    /// <summary>Adds several functions with the default timeout.</summary>
    /// <param name="functions">The functions.</param>
    /// <exception cref="ArgumentNullException"><paramref name="functions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A function with the same name is already registered.</exception>
    public void AddRange(IEnumerable<AIFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (AIFunction function in functions)
        {
            AddCore(function, timeout: null);
        }
    }

    /// <summary>
    /// Creates an <see cref="AIFunction"/> from a delegate whose invocation returns the handler's typed value
    /// (instead of a serialized <see cref="JsonElement"/>), so <see cref="ToolInvocationResult.Value"/> carries it.
    /// </summary>
    /// <param name="handler">The method to call.</param>
    /// <param name="name">The function name; <see langword="null"/> derives it from the method.</param>
    /// <param name="description">The description for the model.</param>
    /// <returns>The function.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    public static AIFunction CreateFunction(Delegate handler, string? name = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AIFunctionFactory.Create(handler, new AIFunctionFactoryOptions
        {
            Name = name,
            Description = description,
            MarshalResult = static (result, _, _) => new ValueTask<object?>(result),
        });
    }

    /// <summary>Invokes a function call and returns the output to send back as <c>function_call_output</c>.</summary>
    /// <param name="callId">The <c>call_id</c> of the function call.</param>
    /// <param name="name">The function name the model called.</param>
    /// <param name="argumentsJson">The call's arguments: a JSON object (an empty string counts as <c>{}</c>).</param>
    /// <param name="cancellationToken">Cancels the invocation (for example when the call ends).</param>
    /// <returns>
    /// The result. An unknown tool, malformed or mistyped arguments, a handler exception and a timeout all
    /// produce a failed result with an error output rather than an exception.
    /// </returns>
    /// <remarks>
    /// A <paramref name="callId"/> that was invoked before is not executed again: the first invocation's result is
    /// returned with <see cref="ToolInvocationResult.IsDuplicate"/> set (waiting for it if it is still running).
    /// An invocation cancelled through <paramref name="cancellationToken"/> is forgotten, so the same call id may be retried.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="callId"/> or <paramref name="name"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ToolInvocationResult> InvokeAsync(string callId, string name, string? argumentsJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        cancellationToken.ThrowIfCancellationRequested();

        var created = new Lazy<Task<ToolInvocationResult>>(() => InvokeOnceAsync(callId, name, argumentsJson, cancellationToken));
        Lazy<Task<ToolInvocationResult>> entry = _calls.GetOrAdd(callId, created);
        if (ReferenceEquals(entry, created))
        {
            return await entry.Value.ConfigureAwait(false);
        }

        LogDuplicateCall(name, callId);
        ToolInvocationResult first = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return first.AsDuplicate();
    }

    private void AddCore(AIFunction function, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(function);
        var definition = new RealtimeToolDefinition(function.Name, function.Description, function.JsonSchema);
        lock (_gate)
        {
            if (!_tools.TryAdd(function.Name, new Registration(function, timeout ?? _options.DefaultTimeout)))
            {
                throw new ArgumentException($"A tool named '{function.Name}' is already registered; tool names must be unique.", nameof(function));
            }

            Volatile.Write(ref _definitions, [.. _definitions, definition]);
        }
    }

    // One span and one duration per executed invocation (a repeated call id shares the first one's); "cancelled" when
    // the call ended while the tool ran.
    private async Task<ToolInvocationResult> InvokeOnceAsync(string callId, string name, string? argumentsJson, CancellationToken cancellationToken)
    {
        // A name the model made up is neither a span name nor a tag value: those must come from a bounded set.
        string toolName;
        lock (_gate)
        {
            toolName = _tools.ContainsKey(name) ? name : OtherToolName;
        }

        using Activity? activity = VoiceAgentTelemetry.ActivitySource.HasListeners() ? StartToolActivity(callId, toolName) : null;
        long startedAt = _timeProvider.GetTimestamp();
        string? errorType = "cancelled";
        try
        {
            ToolInvocationResult result = await InvokeHandlerAsync(callId, name, argumentsJson, cancellationToken).ConfigureAwait(false);
            errorType = result.Error?.Code;
            return result;
        }
        finally
        {
            Telemetry?.ToolInvoked(toolName, errorType, _timeProvider.GetElapsedTime(startedAt));
            if (activity is not null && errorType is not null)
            {
                activity.SetTag(VoiceAgentTelemetry.ErrorTypeTag, errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }
        }
    }

    private static Activity? StartToolActivity(string callId, string name)
    {
        Activity? activity = VoiceAgentTelemetry.ActivitySource.StartActivity("execute_tool " + name, ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag(VoiceAgentTelemetry.ToolNameTag, name);
        activity?.SetTag("gen_ai.tool.call.id", callId);
        return activity;
    }

    private async Task<ToolInvocationResult> InvokeHandlerAsync(string callId, string name, string? argumentsJson, CancellationToken cancellationToken)
    {
        Registration? registration;
        string available;
        lock (_gate)
        {
            _tools.TryGetValue(name, out registration);
            available = string.Join(", ", _tools.Keys);
        }

        if (registration is null)
        {
            LogUnknownTool(name, callId);
            return ToolOutputs.Failed(callId, name, new ToolError(ToolErrorCodes.UnknownTool, $"There is no tool named '{name}'. Available tools: {available}."));
        }

        LogInvoking(name, callId);
        LogArguments(name, callId, argumentsJson ?? string.Empty);

        ToolError? argumentError = ToolArgumentBinder.TryBind(registration.Function.JsonSchema, argumentsJson, out AIFunctionArguments? arguments);
        if (argumentError is not null)
        {
            LogInvalidArguments(name, callId, argumentError.Message);
            return ToolOutputs.Failed(callId, name, argumentError);
        }

        try
        {
            (bool timedOut, object? value) = await RunOnThreadPoolAsync(registration, arguments!, cancellationToken).ConfigureAwait(false);
            if (timedOut)
            {
                LogTimedOut(name, callId, registration.Timeout);
                return ToolOutputs.Failed(callId, name, new ToolError(ToolErrorCodes.Timeout, $"The tool '{name}' did not finish within {registration.Timeout.TotalSeconds:0.###} seconds."));
            }

            return value is ToolResult toolResult
                ? (toolResult.Succeeded ? ToolOutputs.Succeeded(callId, name, toolResult.Value) : ToolOutputs.Failed(callId, name, toolResult.Error!))
                : ToolOutputs.Succeeded(callId, name, value);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up (the call ended): forget this call id so a retry is possible, and let cancellation flow.
            _calls.TryRemove(callId, out _);
            throw;
        }
        catch (JsonException ex)
        {
            // AIFunctionFactory reports an argument it cannot convert to the parameter's type as a JsonException.
            LogInvalidArguments(name, callId, ex.Message);
            return ToolOutputs.Failed(callId, name, new ToolError(ToolErrorCodes.InvalidArguments, $"The arguments could not be bound to the tool's parameters: {ex.Message}"));
        }
        catch (Exception ex)
        {
            LogToolFailed(name, callId, ex);
            string message = _options.IncludeExceptionMessages
                ? $"The tool '{name}' failed: {ex.Message}"
                : $"The tool '{name}' failed.";
            return ToolOutputs.Failed(callId, name, new ToolError(ToolErrorCodes.ToolFailed, message));
        }
    }

    private async Task<(bool TimedOut, object? Value)> RunOnThreadPoolAsync(Registration registration, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var handlerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken handlerToken = handlerCancellation.Token;

        // Task.Run: handlers never run on the caller's receive loop or under its SynchronizationContext.
        Task<object?> handler = Task.Run(() => registration.Function.InvokeAsync(arguments, handlerToken).AsTask(), CancellationToken.None);
        _ = handler.ContinueWith(
            static (task, state) =>
            {
                _ = task.Exception; // observed: a handler that faults after its timeout must not surface as unobserved
                ((CancellationTokenSource)state!).Dispose();
            },
            handlerCancellation,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        try
        {
            return (false, await handler.WaitAsync(registration.Timeout, _timeProvider, cancellationToken).ConfigureAwait(false));
        }
        catch (TimeoutException) when (!handler.IsCompleted)
        {
            // Stop a handler that overran; it finishes in the background and is observed above. A TimeoutException
            // thrown by the handler itself is not caught here: that is a handler failure, not our timeout.
            await handlerCancellation.CancelAsync().ConfigureAwait(false);
            return (true, null);
        }
        catch (OperationCanceledException) when (!handler.IsCompleted)
        {
            // The caller left: stop the handler and let cancellation flow.
            await handlerCancellation.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record Registration(AIFunction Function, TimeSpan Timeout);
}
