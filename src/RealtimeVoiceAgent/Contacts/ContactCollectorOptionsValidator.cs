using Microsoft.Extensions.Options;

namespace RealtimeVoiceAgent.Contacts;

// Source-generated: fails at startup (ValidateOnStart) rather than on the first call's save_contact.
[OptionsValidator]
internal sealed partial class ContactCollectorOptionsValidator : IValidateOptions<ContactCollectorOptions>;
