using System;
using System.Linq;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.MongoDB.Tests;

/// <summary>Checks the MongoDB mapping, queries and indexes without a server (the driver connects lazily).</summary>
public class MongoContactRepositoryTests
{
    private static readonly DateTimeOffset s_created = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);

    private readonly MongoContactRepository _repository = new("mongodb://localhost:27017", "voicecontacts");

    private static Contact Sample(string? extension = "12") => new()
    {
        Id = "0190a1b2c3d4e5f6a7b8c9d0e1f2a3b4",
        Name = "Ada Lovelace",
        Email = "ada@example.com",
        Phone = "+15550123456",
        PhoneExtension = extension,
        RawName = "ada lovelace",
        RawEmail = "ada at example dot com",
        RawPhone = "five five five oh one two three four five six",
        CallId = "call-1",
        CreatedAt = s_created,
        UpdatedAt = s_created.AddMinutes(1),
    };

    private BsonDocument Render(FilterDefinition<Contact> filter)
        => filter.Render(new RenderArgs<Contact>(_repository.Collection.DocumentSerializer, _repository.Collection.Settings.SerializerRegistry));

    private BsonDocument Render(UpdateDefinition<Contact> update)
        => update.Render(new RenderArgs<Contact>(_repository.Collection.DocumentSerializer, _repository.Collection.Settings.SerializerRegistry)).AsBsonDocument;

    [Fact]
    public void ClassMap_Contact_SerializesCamelCaseFieldsWithStringIdAndBsonDates()
    {
        // Act
        BsonDocument document = Sample().ToBsonDocument();

        // Assert
        Assert.Equal(
            ["_id", "name", "email", "phone", "phoneExtension", "rawName", "rawEmail", "rawPhone", "callId", "createdAt", "updatedAt"],
            document.Names.ToArray());
        Assert.Equal(BsonType.String, document["_id"].BsonType);
        Assert.Equal("0190a1b2c3d4e5f6a7b8c9d0e1f2a3b4", document["_id"].AsString);
        Assert.Equal("+15550123456", document["phone"].AsString);
        Assert.Equal(BsonType.DateTime, document["createdAt"].BsonType);
        Assert.Equal(s_created.ToUnixTimeMilliseconds(), document["createdAt"].AsBsonDateTime.MillisecondsSinceEpoch);
    }

    [Fact]
    public void ClassMap_NullExtension_IsOmitted()
    {
        BsonDocument document = Sample(extension: null).ToBsonDocument();

        Assert.False(document.Contains("phoneExtension"));
    }

    [Fact]
    public void ClassMap_RoundTrip_ReturnsEqualContact()
    {
        BsonDocument document = Sample().ToBsonDocument();
        document.Add("addedByALaterVersion", 1);

        Contact contact = BsonSerializer.Deserialize<Contact>(document);

        Assert.Equal(Sample(), contact);
    }

    private static UpdateDefinition<Contact> ToUpdate(ContactChanges changes)
    {
        Contact after = changes.ApplyTo(Sample());
        return MongoContactRepository.ToUpdate(changes, after, ContactChange.Compare(Sample(), after, changes.CallId));
    }

    private BsonDocument RenderCalls(FilterDefinition<CallRecord> filter)
        => filter.Render(new RenderArgs<CallRecord>(_repository.Calls.DocumentSerializer, _repository.Calls.Settings.SerializerRegistry));

    private static CallRecord SampleCall(string? contactId = "c1") => new()
    {
        CallId = "call_1_ab12cd34",
        TransportKind = "websocket",
        StartedAt = s_created,
        EndedAt = s_created.AddSeconds(95),
        EndReason = CallEndReason.CallTimeLimit,
        InputTokens = 1200,
        OutputTokens = 340,
        ContactId = contactId,
    };

    [Fact]
    public void ToDocument_NewContact_HoldsSearchTermsAndCreationHistory()
    {
        // Act
        BsonDocument document = MongoContactRepository.ToDocument(Sample());

        // Assert
        Assert.Equal(new BsonArray { "ada lovelace", "lovelace", "ada@example.com", "15550123456", "5550123456" }, document["searchTerms"]);
        BsonArray history = document["history"].AsBsonArray;
        Assert.Equal(["Name", "Email", "Phone"], history.Select(h => h["field"].AsString));
        Assert.All(history, h => Assert.True(h["oldValue"].IsBsonNull));
        Assert.Equal("+15550123456 ext. 12", history[2]["newValue"].AsString);
        Assert.Equal(Sample(), BsonSerializer.Deserialize<Contact>(document));
    }

    [Fact]
    public void Unchanged_RendersIdUpdatedAtAndEveryField()
    {
        BsonDocument filter = Render(MongoContactRepository.Unchanged(Sample(extension: null)));

        Assert.Equal(
            new BsonDocument
            {
                { "_id", "0190a1b2c3d4e5f6a7b8c9d0e1f2a3b4" },
                { "updatedAt", new BsonDateTime(s_created.AddMinutes(1).ToUnixTimeMilliseconds()) },
                { "name", "Ada Lovelace" },
                { "email", "ada@example.com" },
                { "phone", "+15550123456" },
                { "phoneExtension", BsonNull.Value },
            },
            filter);
    }

    [Fact]
    public void SearchFilter_PrefixesAndCursor_RenderAnchoredRegexesAndKeyset()
    {
        // Act
        BsonDocument filter = Render(MongoContactRepository.SearchFilter(ContactSearch.GetQueryPrefixes("+1 (555) 0.1"), new PageCursor(s_created, "c9")));

        // Assert
        BsonArray and = filter["$and"].AsBsonArray;
        BsonArray or = and[0]["$or"].AsBsonArray;
        Assert.Equal([@"^\+1\ \(555\)\ 0\.1", "^155501"], or.Select(r => r["searchTerms"].AsBsonRegularExpression.Pattern));
        Assert.Equal(new BsonDateTime(s_created.ToUnixTimeMilliseconds()), and[1]["$or"][0]["createdAt"]["$lt"]);
        Assert.Equal("c9", and[1]["$or"][1]["_id"]["$lt"].AsString);
    }

    [Fact]
    public void SearchFilter_NoQueryNoCursor_IsEmpty()
    {
        Assert.Equal(new BsonDocument(), Render(MongoContactRepository.SearchFilter([], null)));
    }

    [Fact]
    public void CallClassMap_Record_SerializesWithCallIdAsIdAndReasonByName()
    {
        BsonDocument document = MongoContactRepository.ToDocument(SampleCall(), [new CallTranscriptEntry(CallTranscriptRole.Caller, "hello", s_created)]);

        Assert.Equal(["_id", "transport", "startedAt", "endedAt", "endReason", "inputTokens", "outputTokens", "contactId", "transcript"], document.Names.ToArray());
        Assert.Equal("CallTimeLimit", document["endReason"].AsString);
        Assert.Equal(1200L, document["inputTokens"].ToInt64());
        Assert.Equal("hello", document["transcript"][0]["text"].AsString);
        Assert.Equal(SampleCall(), BsonSerializer.Deserialize<CallRecord>(document));
    }

    [Fact]
    public void CallClassMap_NoContactNoTranscript_OmitsBoth()
    {
        BsonDocument document = MongoContactRepository.ToDocument(SampleCall(contactId: null), []);

        Assert.False(document.Contains("contactId"));
        Assert.False(document.Contains("transcript"));
    }

    [Fact]
    public void Erasure_UnlinksCallsOfTheContactAndDropsTheirTranscripts()
    {
        var args = new RenderArgs<CallRecord>(_repository.Calls.DocumentSerializer, _repository.Calls.Settings.SerializerRegistry);

        Assert.Equal(new BsonDocument("contactId", "c1"), RenderCalls(MongoContactRepository.CallsOfContact("c1")));
        Assert.Equal(
            new BsonDocument("$unset", new BsonDocument { { "contactId", 1 }, { "transcript", 1 } }),
            MongoContactRepository.UnlinkCall.Render(args).AsBsonDocument);
    }

    [Fact]
    public void CallIndexModels_SupportNewestFirstPagingAndPerContactListing()
    {
        var args = new RenderArgs<CallRecord>(_repository.Calls.DocumentSerializer, _repository.Calls.Settings.SerializerRegistry);

        BsonDocument started = MongoContactRepository.CallIndexModels.Single(m => m.Options.Name == "ix_calls_started_at").Keys.Render(args);
        BsonDocument contact = MongoContactRepository.CallIndexModels.Single(m => m.Options.Name == "ix_calls_contact").Keys.Render(args);

        Assert.Equal(new BsonDocument { { "startedAt", -1 }, { "_id", -1 } }, started);
        Assert.Equal(started, MongoContactRepository.CallsNewestFirst.Render(args));
        Assert.Equal(new BsonDocument { { "contactId", 1 }, { "startedAt", -1 } }, contact);
        Assert.Equal("contacts_calls", _repository.Calls.CollectionNamespace.CollectionName);
    }

    [Fact]
    public void IndexModels_SearchTermsIndex_IsOnTheTermsArray()
    {
        CreateIndexModel<Contact> terms = MongoContactRepository.IndexModels.Single(m => m.Options.Name == "ix_contacts_search_terms");

        Assert.Equal(new BsonDocument("searchTerms", 1), terms.Keys.Render(new RenderArgs<Contact>(_repository.Collection.DocumentSerializer, _repository.Collection.Settings.SerializerRegistry)));
    }

    [Fact]
    public void ById_RendersIdEquality()
    {
        Assert.Equal(new BsonDocument("_id", "c1"), Render(MongoContactRepository.ById("c1")));
    }

    [Fact]
    public void ByEmail_RendersEmailEquality()
    {
        Assert.Equal(new BsonDocument("email", "ada@example.com"), Render(MongoContactRepository.ByEmail("ada@example.com")));
    }

    [Fact]
    public void ToUpdate_NameOnly_SetsNameRawNameAndUpdatedAt()
    {
        var changes = new ContactChanges { Name = ("Ada King", "ada king"), UpdatedAt = s_created, CallId = "call-2" };

        BsonDocument update = Render(ToUpdate(changes));

        Assert.Equal(
            new BsonDocument
            {
                {
                    "$set", new BsonDocument
                    {
                        { "updatedAt", new BsonDateTime(s_created.ToUnixTimeMilliseconds()) },
                        { "searchTerms", new BsonArray { "ada king", "king", "ada@example.com", "15550123456", "5550123456" } },
                        { "name", "Ada King" },
                        { "rawName", "ada king" },
                    }
                },
                {
                    "$push", new BsonDocument("history", new BsonDocument("$each", new BsonArray
                    {
                        new BsonDocument
                        {
                            { "field", "Name" },
                            { "oldValue", "Ada Lovelace" },
                            { "newValue", "Ada King" },
                            { "callId", "call-2" },
                            { "changedAt", new BsonDateTime(s_created.ToUnixTimeMilliseconds()) },
                        },
                    }))
                },
            },
            update);
    }

    [Fact]
    public void ToUpdate_PhoneWithoutExtension_UnsetsExtension()
    {
        var changes = new ContactChanges { Phone = ("+15550199999", null, "555 019 9999"), UpdatedAt = s_created };

        BsonDocument update = Render(ToUpdate(changes));

        Assert.Equal("+15550199999", update["$set"]["phone"].AsString);
        Assert.Equal("555 019 9999", update["$set"]["rawPhone"].AsString);
        Assert.True(update["$unset"].AsBsonDocument.Contains("phoneExtension"));
        Assert.False(update["$set"].AsBsonDocument.Contains("email"));
    }

    [Fact]
    public void ToUpdate_PhoneWithExtension_SetsExtension()
    {
        var changes = new ContactChanges { Phone = ("+15550199999", "7", "555 019 9999 ext 7"), Email = ("a@b.co", "a at b dot co"), UpdatedAt = s_created };

        BsonDocument update = Render(ToUpdate(changes));

        Assert.Equal("7", update["$set"]["phoneExtension"].AsString);
        Assert.Equal("a@b.co", update["$set"]["email"].AsString);
        Assert.False(update.Contains("$unset"));
    }

    [Fact]
    public void IndexModels_EmailIndex_IsUniqueAscendingOnEmail()
    {
        CreateIndexModel<Contact> email = MongoContactRepository.IndexModels.Single(m => m.Options.Name == "ux_contacts_email");

        BsonDocument keys = email.Keys.Render(new RenderArgs<Contact>(_repository.Collection.DocumentSerializer, _repository.Collection.Settings.SerializerRegistry));

        Assert.Equal(new BsonDocument("email", 1), keys);
        Assert.True(email.Options.Unique);
    }

    [Fact]
    public void IndexModels_CreatedAtIndex_SupportsNewestFirstListing()
    {
        CreateIndexModel<Contact> created = MongoContactRepository.IndexModels.Single(m => m.Options.Name == "ix_contacts_created_at");
        var args = new RenderArgs<Contact>(_repository.Collection.DocumentSerializer, _repository.Collection.Settings.SerializerRegistry);

        BsonDocument keys = created.Keys.Render(args);

        Assert.Equal(new BsonDocument { { "createdAt", -1 }, { "_id", -1 } }, keys);
        Assert.Equal(keys, MongoContactRepository.NewestFirst.Render(args));
    }

    [Fact]
    public void Collection_WriteConcern_IsMajority()
    {
        Assert.Equal(WriteConcern.WMajority, _repository.Collection.Settings.WriteConcern);
        Assert.Equal("contacts", _repository.Collection.CollectionNamespace.CollectionName);
        Assert.Equal("voicecontacts", _repository.Collection.Database.DatabaseNamespace.DatabaseName);
    }

    [Theory]
    [InlineData("", "db")]
    [InlineData("not a uri", "db")]
    [InlineData("mongodb://localhost", "")]
    public void Ctor_InvalidArguments_Throw(string connectionString, string database)
    {
        Assert.ThrowsAny<ArgumentException>(() => new MongoContactRepository(connectionString, database));
    }
}
