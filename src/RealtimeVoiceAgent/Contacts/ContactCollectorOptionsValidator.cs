using System;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Contacts;

// Fails at startup (ValidateOnStart) rather than on the first call's save_contact.
internal sealed class ContactCollectorOptionsValidator : IValidateOptions<ContactCollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ContactCollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DefaultRegion)
            || !PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(options.DefaultRegion.Trim().ToUpperInvariant()))
        {
            return ValidateOptionsResult.Fail($"VoiceContacts:DefaultRegion '{options.DefaultRegion}' is not a supported phone region; use an ISO 3166-1 alpha-2 code such as US or GB.");
        }

        if (!Enum.IsDefined(options.DuplicateEmailPolicy))
        {
            return ValidateOptionsResult.Fail($"DuplicateEmailPolicy {options.DuplicateEmailPolicy} is not defined.");
        }

        return ValidateOptionsResult.Success;
    }
}
