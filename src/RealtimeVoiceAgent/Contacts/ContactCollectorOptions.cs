namespace RealtimeVoiceAgent.Contacts;

/// <summary>Options for <see cref="ContactCollector"/>; bind from configuration section <c>VoiceContacts</c>.</summary>
public sealed class ContactCollectorOptions
{
    /// <summary>
    /// The ISO 3166-1 alpha-2 region for phone numbers said without a country code
    /// (configuration key <c>VoiceContacts:DefaultRegion</c>). Default <c>US</c>.
    /// </summary>
    public string DefaultRegion { get; set; } = ContactNormalizer.DefaultRegionCode;

    /// <summary>What to do when a saved email belongs to a contact from an earlier call. Default <see cref="DuplicateEmailPolicy.UpdateExisting"/>.</summary>
    public DuplicateEmailPolicy DuplicateEmailPolicy { get; set; } = DuplicateEmailPolicy.UpdateExisting;

    /// <summary>Instructions for the model that replace <see cref="ContactCollector.DefaultInstructions"/>; <see langword="null"/> keeps the default.</summary>
    public string? Instructions { get; set; }
}
