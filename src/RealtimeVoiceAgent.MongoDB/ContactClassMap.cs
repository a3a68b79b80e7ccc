using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.MongoDB;

/// <summary>
/// Maps <see cref="Contact"/> to BSON without attributes on the type: camelCase element names, the id as a string
/// <c>_id</c>, timestamps as BSON dates (millisecond precision, UTC). The document also holds the contact's search
/// terms (<see cref="ContactSearch.GetTerms"/>) and its history, so an update changes both atomically and erasing the
/// contact erases its history.
/// </summary>
internal static class ContactClassMap
{
    public const string Id = "_id";
    public const string Name = "name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string PhoneExtension = "phoneExtension";
    public const string RawName = "rawName";
    public const string RawEmail = "rawEmail";
    public const string RawPhone = "rawPhone";
    public const string CallId = "callId";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";

    // Elements of the contact document that are not Contact properties (the class map ignores them when reading).
    public const string SearchTerms = "searchTerms";
    public const string History = "history";

    // TryRegisterClassMap is thread-safe and registers once per process.
    public static void EnsureRegistered() => BsonClassMap.TryRegisterClassMap<Contact>(map =>
    {
        map.MapIdMember(c => c.Id).SetSerializer(new StringSerializer(BsonType.String));
        map.MapMember(c => c.Name).SetElementName(Name);
        map.MapMember(c => c.Email).SetElementName(Email);
        map.MapMember(c => c.Phone).SetElementName(Phone);
        map.MapMember(c => c.PhoneExtension).SetElementName(PhoneExtension).SetIgnoreIfNull(true);
        map.MapMember(c => c.RawName).SetElementName(RawName);
        map.MapMember(c => c.RawEmail).SetElementName(RawEmail);
        map.MapMember(c => c.RawPhone).SetElementName(RawPhone);
        map.MapMember(c => c.CallId).SetElementName(CallId);
        map.MapMember(c => c.CreatedAt).SetElementName(CreatedAt).SetSerializer(new DateTimeOffsetSerializer(BsonType.DateTime));
        map.MapMember(c => c.UpdatedAt).SetElementName(UpdatedAt).SetSerializer(new DateTimeOffsetSerializer(BsonType.DateTime));
        map.SetIgnoreExtraElements(true);
    });

    public static BsonDocument ToDocument(ContactChange change)
    {
        var entry = new BsonDocument
        {
            { "field", change.Field.ToString() },
            { "oldValue", (BsonValue?)change.OldValue ?? BsonNull.Value },
            { "newValue", change.NewValue },
            { "callId", (BsonValue?)change.CallId ?? BsonNull.Value },
            { "changedAt", new BsonDateTime(change.ChangedAt.ToUnixTimeMilliseconds()) },
        };
        return entry;
    }

    public static ContactChange FromDocument(string contactId, BsonDocument entry) => new()
    {
        ContactId = contactId,
        Field = System.Enum.Parse<ContactField>(entry["field"].AsString),
        OldValue = entry["oldValue"].IsBsonNull ? null : entry["oldValue"].AsString,
        NewValue = entry["newValue"].AsString,
        CallId = entry["callId"].IsBsonNull ? null : entry["callId"].AsString,
        ChangedAt = System.DateTimeOffset.FromUnixTimeMilliseconds(entry["changedAt"].AsBsonDateTime.MillisecondsSinceEpoch),
    };
}
