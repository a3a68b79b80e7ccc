using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>Options for <see cref="ContactCollector"/>; bind from configuration section <c>VoiceContacts</c>.</summary>
public sealed class ContactCollectorOptions : IValidatableObject
{
    /// <summary>
    /// The ISO 3166-1 alpha-2 region for phone numbers said without a country code
    /// (configuration key <c>VoiceContacts:DefaultRegion</c>). Default <c>US</c>.
    /// </summary>
    public string DefaultRegion { get; set; } = ContactNormalizer.DefaultRegionCode;

    /// <summary>What to do when a saved email belongs to a contact from an earlier call. Default <see cref="DuplicateEmailPolicy.UpdateExisting"/>.</summary>
    [EnumDataType(typeof(DuplicateEmailPolicy), ErrorMessage = "ContactCollectorOptions.DuplicateEmailPolicy must be UpdateExisting or Reject.")]
    public DuplicateEmailPolicy DuplicateEmailPolicy { get; set; } = DuplicateEmailPolicy.UpdateExisting;

    /// <summary>Instructions for the model that replace <see cref="ContactCollector.DefaultInstructions"/>; <see langword="null"/> keeps the default.</summary>
    public string? Instructions { get; set; }

    /// <summary>
    /// Whether the transcript of each call is stored with its call record (configuration key
    /// <c>VoiceContacts:StoreTranscripts</c>). Default <see langword="false"/>: transcripts are personal data.
    /// </summary>
    public bool StoreTranscripts { get; set; }

    /// <summary>
    /// How many days call records and transcripts are kept (configuration key <c>VoiceContacts:RetentionDays</c>); older
    /// ones are purged by a background service. Default <see langword="null"/>: kept until deleted.
    /// </summary>
    public int? RetentionDays { get; set; }

    /// <summary>Checks that <see cref="DefaultRegion"/> is a phone region libphonenumber knows and <see cref="RetentionDays"/> is in range; used by options validation at startup.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The failures.</returns>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(DefaultRegion)
            || !PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(DefaultRegion.Trim().ToUpperInvariant()))
        {
            yield return new ValidationResult(
                $"ContactCollectorOptions.DefaultRegion (VoiceContacts:DefaultRegion) '{DefaultRegion}' is not a supported phone region; use an ISO 3166-1 alpha-2 code such as US or GB.",
                [nameof(DefaultRegion)]);
        }

        if (RetentionDays is < 1 or > 36500)
        {
            yield return new ValidationResult(
                $"ContactCollectorOptions.RetentionDays (VoiceContacts:RetentionDays) is {RetentionDays}; use 1 to 36500 days, or leave it unset to keep call records.",
                [nameof(RetentionDays)]);
        }
    }
}
