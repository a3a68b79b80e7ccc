using Microsoft.Extensions.Options;

namespace RealtimeVoiceAgent.Calls;

// Source-generated: fails at startup (ValidateOnStart) rather than on the first call.
[OptionsValidator]
internal sealed partial class CallRelayOptionsValidator : IValidateOptions<CallRelayOptions>;
