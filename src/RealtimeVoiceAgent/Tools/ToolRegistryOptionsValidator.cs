using Microsoft.Extensions.Options;

namespace RealtimeVoiceAgent.Tools;

// Source-generated: fails at startup (ValidateOnStart) rather than on the first tool call.
[OptionsValidator]
internal sealed partial class ToolRegistryOptionsValidator : IValidateOptions<ToolRegistryOptions>;
