using System;
using System.ComponentModel.DataAnnotations;

namespace RealtimeVoiceAgent.Tools;

/// <summary>Options for <see cref="ToolRegistry"/>.</summary>
public sealed class ToolRegistryOptions
{
    /// <summary>How long a tool may run before the call gets a <see cref="ToolErrorCodes.Timeout"/> error. Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "ToolRegistryOptions.DefaultTimeout must be between 1 ms and 1 day.")]
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the message of an exception thrown by a handler is passed to the model. Default <see langword="false"/>:
    /// exception messages may carry internal details or personal data, so the model gets a generic message.
    /// </summary>
    public bool IncludeExceptionMessages { get; set; }
}
