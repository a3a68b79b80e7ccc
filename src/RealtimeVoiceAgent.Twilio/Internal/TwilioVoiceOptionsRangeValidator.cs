using Microsoft.Extensions.Options;

namespace RealtimeVoiceAgent.Twilio.Internal;

// Source-generated: the DataAnnotations ranges of TwilioVoiceOptions and of the CallRelayOptions it derives from.
[OptionsValidator]
internal sealed partial class TwilioVoiceOptionsRangeValidator : IValidateOptions<TwilioVoiceOptions>;
