using Microsoft.Extensions.Options;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

// Source-generated; MapVoiceAgent runs it on each route's final options, so a bad setting fails at startup.
[OptionsValidator]
internal sealed partial class VoiceAgentEndpointOptionsValidator : IValidateOptions<VoiceAgentEndpointOptions>;
