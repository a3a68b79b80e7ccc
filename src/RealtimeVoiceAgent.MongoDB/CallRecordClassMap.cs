using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.MongoDB;

/// <summary>
/// Maps <see cref="CallRecord"/> to BSON: the call id as <c>_id</c>, camelCase elements, the end reason by name, times as
/// BSON dates. The call's transcript, when kept, is the array <see cref="Transcript"/> of the same document, so it goes
/// with the record when retention deletes it.
/// </summary>
internal static class CallRecordClassMap
{
    public const string Id = "_id";
    public const string TransportKind = "transport";
    public const string StartedAt = "startedAt";
    public const string EndedAt = "endedAt";
    public const string EndReason = "endReason";
    public const string InputTokens = "inputTokens";
    public const string OutputTokens = "outputTokens";
    public const string ContactId = "contactId";
    public const string Transcript = "transcript";

    public static void EnsureRegistered() => BsonClassMap.TryRegisterClassMap<CallRecord>(map =>
    {
        map.MapIdMember(c => c.CallId).SetSerializer(new StringSerializer(BsonType.String));
        map.MapMember(c => c.TransportKind).SetElementName(TransportKind);
        map.MapMember(c => c.StartedAt).SetElementName(StartedAt).SetSerializer(new DateTimeOffsetSerializer(BsonType.DateTime));
        map.MapMember(c => c.EndedAt).SetElementName(EndedAt).SetSerializer(new DateTimeOffsetSerializer(BsonType.DateTime));
        map.MapMember(c => c.EndReason).SetElementName(EndReason).SetSerializer(new EnumSerializer<CallEndReason>(BsonType.String));
        map.MapMember(c => c.InputTokens).SetElementName(InputTokens);
        map.MapMember(c => c.OutputTokens).SetElementName(OutputTokens);
        map.MapMember(c => c.ContactId).SetElementName(ContactId).SetIgnoreIfNull(true);
        map.SetIgnoreExtraElements(true);
    });

    public static BsonDocument ToDocument(CallTranscriptEntry line) => new()
    {
        { "role", line.Role.ToString() },
        { "text", line.Text },
        { "at", new BsonDateTime(line.At.ToUnixTimeMilliseconds()) },
    };

    public static CallTranscriptEntry FromDocument(BsonDocument line) => new(
        System.Enum.Parse<CallTranscriptRole>(line["role"].AsString),
        line["text"].AsString,
        System.DateTimeOffset.FromUnixTimeMilliseconds(line["at"].AsBsonDateTime.MillisecondsSinceEpoch));
}
