using System;

namespace RealtimeVoiceAgent.Tools;

/// <summary>
/// An error a tool call reports back to the model as <c>{"ok":false,"error":{"code","message","field"}}</c>,
/// so the model can react (for example ask the caller again) instead of the call ending.
/// </summary>
public sealed class ToolError
{
    /// <summary>Creates a tool error.</summary>
    /// <param name="code">A stable, machine-readable code such as <see cref="ToolErrorCodes.InvalidArguments"/>.</param>
    /// <param name="message">What went wrong, written for the model.</param>
    /// <param name="field">The argument or field the error is about, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> or <paramref name="message"/> is empty.</exception>
    public ToolError(string code, string message, string? field = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        Code = code;
        Message = message;
        Field = field;
    }

    /// <summary>A stable, machine-readable code; see <see cref="ToolErrorCodes"/> for the ones the registry produces.</summary>
    public string Code { get; }

    /// <summary>What went wrong, written for the model.</summary>
    public string Message { get; }

    /// <summary>The argument or field the error is about, or <see langword="null"/>.</summary>
    public string? Field { get; }
}
