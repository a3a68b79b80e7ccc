using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// Collects a caller's name, email and phone: the instructions for the model and, per call, the
/// <c>record_contact_field</c>/<c>save_contact</c>/<c>update_contact</c> tools that normalize, validate and store the contact.
/// </summary>
/// <remarks>
/// <para>One instance serves the whole application (a DI singleton); call <see cref="CreateCallTools"/> once per call.</para>
/// <para>Typical relay use: put <see cref="Instructions"/> and the call tools' definitions in <c>session.update</c>;
/// on a <c>function_call</c> item run <see cref="Tools.ToolRegistry.InvokeAsync"/>, send its
/// <see cref="Tools.ToolInvocationResult.Output"/> as <c>function_call_output</c>, and when its
/// <see cref="Tools.ToolInvocationResult.Value"/> is a <see cref="ContactStored"/> send <c>contact_saved</c> or
/// <c>contact_updated</c> with <see cref="ContactStored.Contact"/>.</para>
/// </remarks>
public sealed class ContactCollector
{
    /// <summary>The name of the tool that saves the contact.</summary>
    public const string SaveContactToolName = "save_contact";

    /// <summary>The name of the tool that corrects the saved contact.</summary>
    public const string UpdateContactToolName = "update_contact";

    /// <summary>The name of the tool that records one detail as soon as the caller gives it (live on the caller's form).</summary>
    public const string RecordContactFieldToolName = "record_contact_field";

    /// <summary>The default instructions: collect name, then email, then phone; record each; read back; save only with all three; correct with update_contact; use typed details.</summary>
    public const string DefaultInstructions =
        """
        You are a friendly voice assistant on a call. Your job is to collect the caller's contact details: their full name, their email address and their phone number.
        - Greet the caller briefly, then ask for one thing at a time, in this order: full name, then email address, then phone number.
        - As soon as the caller gives a detail, call record_contact_field with it, as they said it; spoken forms such as "john dot smith at gmail dot com", "J as in Juliet" or "four one five, five five five, two six seven one" are fine. The detail then appears on the caller's screen.
        - When record_contact_field returns "ok": true, read back what you understood using its "readBack" exactly (the email letter by letter where it is spelled out, the phone number in its groups) and let the caller confirm or correct it. When it returns "ok": false, explain its "message" simply and ask for that detail again.
        - Always read the email address and the phone number back, and have the caller confirm them, before you call save_contact.
        - Call save_contact only when you have all three: name, email and phone. Pass them as the caller said them. Say briefly that you are saving the contact.
        - Say the contact is saved only after save_contact returns "ok": true. If it returns "ok": false, the error's "field" and "message" say what is wrong: explain it simply, ask for that detail again, and call save_contact again with all three details.
        - If the caller corrects something after it was saved, call update_contact with only the details that changed, and confirm the correction once it returns "ok": true.
        - The caller may also type a detail into the form on their screen. You then get a system message with the typed value: use it as given, do not ask for that detail again, and do not spell it back unless the caller asks.
        - Keep your replies short and natural, and never invent details the caller did not give.
        """;

    private readonly IContactRepository _repository;
    private readonly ContactCollectorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a collector.</summary>
    /// <param name="repository">Where contacts are stored.</param>
    /// <param name="options">Region, duplicate-email policy and instructions; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Logs saves and rejections; emails and phone numbers only at Trace level.</param>
    /// <param name="timeProvider">The clock for timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="repository"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="ContactCollectorOptions.DefaultRegion"/> is not a supported region.</exception>
    public ContactCollector(IContactRepository repository, ContactCollectorOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _options = options ?? new ContactCollectorOptions();
        if (!Enum.IsDefined(_options.DuplicateEmailPolicy))
        {
            throw new ArgumentException($"DuplicateEmailPolicy {_options.DuplicateEmailPolicy} is not defined.", nameof(options));
        }

        Normalizer = new ContactNormalizer(_options.DefaultRegion);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<ContactCollector>() ?? NullLogger.Instance;
    }

    /// <summary>The instructions for the model: <see cref="ContactCollectorOptions.Instructions"/> or <see cref="DefaultInstructions"/>.</summary>
    public string Instructions => _options.Instructions ?? DefaultInstructions;

    /// <summary>The normalizer the tools use.</summary>
    public ContactNormalizer Normalizer { get; }

    /// <summary>Whether call transcripts are stored with the call records (<see cref="ContactCollectorOptions.StoreTranscripts"/>).</summary>
    public bool StoreTranscripts => _options.StoreTranscripts;

    /// <summary>Where contacts and call records are stored (the contact agent writes its call's record here).</summary>
    internal IContactRepository Repository => _repository;

    /// <summary>The clock for timestamps.</summary>
    internal TimeProvider TimeProvider => _timeProvider;

    /// <summary>What <c>save_contact</c> does with an email saved in an earlier call.</summary>
    public DuplicateEmailPolicy DuplicateEmailPolicy => _options.DuplicateEmailPolicy;

    /// <summary>Creates the <c>record_contact_field</c>, <c>save_contact</c> and <c>update_contact</c> tools for one call.</summary>
    /// <param name="callId">Identifies the call; stored in <see cref="Contact.CallId"/>.</param>
    /// <returns>The call's tools, which remember the contact saved in this call.</returns>
    /// <exception cref="ArgumentException"><paramref name="callId"/> is empty.</exception>
    public ContactCallTools CreateCallTools(string callId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        return new ContactCallTools(callId, _repository, Normalizer, _options.DuplicateEmailPolicy, _timeProvider, _logger);
    }
}
