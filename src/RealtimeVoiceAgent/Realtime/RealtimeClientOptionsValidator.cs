using Microsoft.Extensions.Options;

namespace RealtimeVoiceAgent;

// Source-generated: fails at startup (ValidateOnStart) rather than on the first call.
[OptionsValidator]
internal sealed partial class RealtimeClientOptionsValidator : IValidateOptions<RealtimeClientOptions>;
