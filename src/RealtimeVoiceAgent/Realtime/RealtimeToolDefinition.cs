using System;
using System.Text.Json;

namespace RealtimeVoiceAgent;

/// <summary>A function tool as declared to the model in <c>session.update</c> (<c>{"type":"function","name","description","parameters"}</c>).</summary>
public sealed class RealtimeToolDefinition
{
    /// <summary>Creates a tool definition.</summary>
    /// <param name="name">The function name the model calls.</param>
    /// <param name="description">What the function does, for the model.</param>
    /// <param name="parameters">The JSON Schema of the function's arguments object.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public RealtimeToolDefinition(string name, string? description, JsonElement parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Description = description;
        Parameters = parameters;
    }

    /// <summary>The function name the model calls.</summary>
    public string Name { get; }

    /// <summary>What the function does, for the model.</summary>
    public string? Description { get; }

    /// <summary>The JSON Schema of the function's arguments object.</summary>
    public JsonElement Parameters { get; }
}
