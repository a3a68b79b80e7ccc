using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Contacts;

public sealed partial class ContactCallTools
{
    [LoggerMessage(1, LogLevel.Information, "Contact {ContactId} saved in call {CallId} (new record: {IsNew}).")]
    private partial void LogSaved(string callId, string contactId, bool isNew);

    [LoggerMessage(2, LogLevel.Information, "Contact {ContactId} updated in call {CallId}.")]
    private partial void LogUpdated(string callId, string contactId);

    [LoggerMessage(3, LogLevel.Debug, "Contact tool in call {CallId} rejected invalid fields: {Fields}.")]
    private partial void LogInvalidFields(string callId, string fields);

    [LoggerMessage(4, LogLevel.Information, "Call {CallId} saved an email that contact {ContactId} from call {EarlierCallId} already had; updated that contact.")]
    private partial void LogEarlierContactUpdated(string callId, string contactId, string earlierCallId);

    [LoggerMessage(5, LogLevel.Debug, "Call {CallId}: the email would duplicate another contact than {ContactId}; rejected.")]
    private partial void LogDuplicateEmailRejected(string callId, string contactId);

    // Personal data: Trace only.
    [LoggerMessage(6, LogLevel.Trace, "Contact {ContactId} stored: name {Name}, email {Email}, phone {Phone}.")]
    private partial void LogStoredValues(string contactId, string name, string email, string phone);
}
