using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

public class ContactCollectorTests
{
    private readonly InMemoryContactRepository _repository = new();

    private ContactCollector CreateCollector(DuplicateEmailPolicy policy = DuplicateEmailPolicy.UpdateExisting)
        => new(_repository, new ContactCollectorOptions { DuplicateEmailPolicy = policy });

    private static ToolRegistry CreateRegistry(ContactCallTools tools)
    {
        var registry = new ToolRegistry();
        registry.AddRange(tools.Functions);
        return registry;
    }

    private static string Args(object arguments) => JsonSerializer.Serialize(arguments);

    [Fact]
    public void Ctor_Defaults_UseUsRegionUpdatePolicyAndDefaultInstructions()
    {
        var collector = new ContactCollector(_repository);

        Assert.Equal("US", collector.Normalizer.DefaultRegion);
        Assert.Equal(DuplicateEmailPolicy.UpdateExisting, collector.DuplicateEmailPolicy);
        Assert.Equal(ContactCollector.DefaultInstructions, collector.Instructions);
    }

    [Fact]
    public void Instructions_Default_DescribeTheFlow()
    {
        string instructions = ContactCollector.DefaultInstructions;

        Assert.Contains("full name, then email address, then phone number", instructions, StringComparison.Ordinal);
        Assert.Contains("read back", instructions, StringComparison.Ordinal);
        Assert.Contains("Call save_contact only when you have all three", instructions, StringComparison.Ordinal);
        Assert.Contains("update_contact", instructions, StringComparison.Ordinal);
        Assert.Contains("Say the contact is saved only after save_contact returns", instructions, StringComparison.Ordinal);
        Assert.Contains("call record_contact_field", instructions, StringComparison.Ordinal);
        Assert.Contains("\"readBack\"", instructions, StringComparison.Ordinal);
        Assert.Contains("read the email address and the phone number back, and have the caller confirm them, before you call save_contact", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public void Instructions_Override_ReplacesDefault()
    {
        var collector = new ContactCollector(_repository, new ContactCollectorOptions { Instructions = "Be brief." });

        Assert.Equal("Be brief.", collector.Instructions);
    }

    [Fact]
    public void Ctor_UnknownRegion_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ContactCollector(_repository, new ContactCollectorOptions { DefaultRegion = "Narnia" }));
    }

    [Fact]
    public void Functions_Schemas_MatchTheToolContract()
    {
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");

        RealtimeToolDefinition save = CreateRegistry(tools).Definitions.Single(d => d.Name == "save_contact");
        RealtimeToolDefinition update = CreateRegistry(tools).Definitions.Single(d => d.Name == "update_contact");

        Assert.Equal(["name", "email", "phone"], save.Parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["name", "email", "phone"], update.Parameters.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.False(update.Parameters.TryGetProperty("required", out JsonElement required) && required.GetArrayLength() > 0);
        Assert.False(string.IsNullOrWhiteSpace(save.Description));
    }

    [Fact]
    public async Task SaveContact_SpokenForms_StoresNormalizedContactWithRawValues()
    {
        // Arrange
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        ToolRegistry registry = CreateRegistry(tools);

        // Act
        ToolInvocationResult result = await registry.InvokeAsync("fc_1", "save_contact",
            Args(new { name = "ada lovelace", email = "ada at example dot com", phone = "four one five five five five oh one two three" }));

        // Assert
        Assert.True(result.Succeeded, result.Output);
        ContactStored stored = Assert.IsType<ContactStored>(result.Value);
        Assert.Equal(ContactStoreAction.Saved, stored.Action);
        Assert.True(stored.IsNew);
        Contact contact = Assert.Single(await _repository.ListAsync(10));
        Assert.Equal(stored.Contact, contact);
        Assert.Equal("Ada Lovelace", contact.Name);
        Assert.Equal("ada@example.com", contact.Email);
        Assert.Equal("+14155550123", contact.Phone);
        Assert.Equal("ada lovelace", contact.RawName);
        Assert.Equal("ada at example dot com", contact.RawEmail);
        Assert.Equal("four one five five five five oh one two three", contact.RawPhone);
        Assert.Equal("call-1", contact.CallId);
        Assert.Equal(contact.CreatedAt, contact.UpdatedAt);
        Assert.Equal(contact, tools.Contact);

        JsonElement output = JsonDocument.Parse(result.Output).RootElement;
        Assert.True(output.GetProperty("ok").GetBoolean());
        Assert.Equal("saved", output.GetProperty("result").GetProperty("action").GetString());
        Assert.Equal("ada@example.com", output.GetProperty("result").GetProperty("contact").GetProperty("email").GetString());
    }

    [Fact]
    public async Task SaveContact_Success_ReturnsReadBackOfStoredContact()
    {
        ToolRegistry registry = CreateRegistry(CreateCollector().CreateCallTools("call-1"));

        ToolInvocationResult result = await registry.InvokeAsync("fc_1", "save_contact", Args(new { name = "ada lovelace", email = "ada at example dot com", phone = "415 555 2671" }));

        JsonElement output = JsonDocument.Parse(result.Output).RootElement.GetProperty("result");
        Assert.Equal("Ada Lovelace; email A D A at example dot com; phone four one five, five five five, two six seven one", output.GetProperty("readBack").GetString());
    }

    [Theory]
    [InlineData("email", "ada at example dot com", "ada@example.com", "A D A at example dot com")]
    [InlineData("phone", "four one five, five five five, twenty six seventy one", "+14155552671", "four one five, five five five, two six seven one")]
    [InlineData("name", "ada lovelace", "Ada Lovelace", "Ada Lovelace")]
    public async Task RecordField_ValidDetail_ReturnsStoredValueAndReadBackAndRemembersIt(string field, string said, string value, string readBack)
    {
        // Arrange
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        ToolRegistry registry = CreateRegistry(tools);

        // Act
        ToolInvocationResult result = await registry.InvokeAsync("fc_1", ContactCollector.RecordContactFieldToolName, Args(new { field, value = said }));

        // Assert
        Assert.True(result.Succeeded, result.Output);
        JsonElement output = JsonDocument.Parse(result.Output).RootElement.GetProperty("result");
        Assert.Equal(field, output.GetProperty("field").GetString());
        Assert.Equal(value, output.GetProperty("value").GetString());
        Assert.Equal(readBack, output.GetProperty("readBack").GetString());
        Assert.False(output.GetProperty("updatedSavedContact").GetBoolean());
        Assert.False(output.TryGetProperty("stored", out _));
        Assert.Equal(value, Assert.Single(tools.GetFields()).Value.Value);
        Assert.Empty(await _repository.ListAsync(10));
    }

    [Theory]
    [InlineData("phone", "five five five oh one two three four five six", "not a valid US phone number")]
    [InlineData("email", "james oh seven at example dot com", "letter O or the digit zero")]
    [InlineData("address", "1 Main St", "must be name, email or phone")]
    public async Task RecordField_InvalidDetail_ReturnsErrorAndRemembersNothing(string field, string said, string reason)
    {
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");

        ToolInvocationResult result = await CreateRegistry(tools).InvokeAsync("fc_1", ContactCollector.RecordContactFieldToolName, Args(new { field, value = said }));

        Assert.False(result.Succeeded);
        Assert.Equal(ContactToolErrorCodes.InvalidField, result.Error!.Code);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(tools.GetFields());
    }

    [Fact]
    public async Task RecordField_AfterSave_UpdatesTheSavedContact()
    {
        // Arrange
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        await tools.SaveContactAsync("Ada Lovelace", "ada@example.com", "415 555 0123");

        // Act
        ToolResult result = await tools.RecordFieldAsync("email", "ada dot king at example dot com");

        // Assert
        ContactFieldRecorded recorded = Assert.IsType<ContactFieldRecorded>(result.Value);
        Assert.True(recorded.UpdatedSavedContact);
        Assert.Equal(ContactStoreAction.Updated, recorded.Stored!.Action);
        Contact contact = Assert.Single(await _repository.ListAsync(10));
        Assert.Equal("ada.king@example.com", contact.Email);
        Assert.Equal("+14155550123", contact.Phone);
    }

    [Theory]
    [InlineData("", "ada at example dot com", "415 555 0123", "name")]
    [InlineData("ada lovelace", "ada at example", "415 555 0123", "email")]
    [InlineData("ada lovelace", "ada example", "415 555 0123", "email")]
    [InlineData("ada lovelace", "ada at example dot com", "five five five", "phone")]
    [InlineData("ada lovelace", "ada at example dot com", "call me", "phone")]
    public async Task SaveContact_InvalidField_ReturnsErrorNamingFieldAndStoresNothing(string name, string email, string phone, string field)
    {
        ToolRegistry registry = CreateRegistry(CreateCollector().CreateCallTools("call-1"));

        ToolInvocationResult result = await registry.InvokeAsync("fc_1", "save_contact", Args(new { name, email, phone }));

        Assert.False(result.Succeeded);
        Assert.Equal(ContactToolErrorCodes.InvalidField, result.Error!.Code);
        Assert.Equal(field, result.Error.Field);
        Assert.StartsWith(field + ": ", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(field, JsonDocument.Parse(result.Output).RootElement.GetProperty("error").GetProperty("field").GetString());
        Assert.Empty(await _repository.ListAsync(10));
    }

    [Fact]
    public async Task SaveContact_SeveralInvalidFields_NamesEach()
    {
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");

        ToolResult result = await tools.SaveContactAsync("ada", "nope", "1");

        Assert.Equal("email", result.Error!.Field);
        Assert.Contains("email: ", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("phone: ", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveContact_MissingArgument_ReturnsInvalidArgumentsAndStoresNothing()
    {
        ToolRegistry registry = CreateRegistry(CreateCollector().CreateCallTools("call-1"));

        ToolInvocationResult result = await registry.InvokeAsync("fc_1", "save_contact", Args(new { name = "Ada", email = "ada@example.com" }));

        Assert.Equal(ToolErrorCodes.InvalidArguments, result.Error!.Code);
        Assert.Equal("phone", result.Error.Field);
        Assert.Empty(await _repository.ListAsync(10));
    }

    [Fact]
    public async Task SaveContact_SecondSaveInSameCall_UpdatesFirstContact()
    {
        // Arrange
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        ToolResult first = await tools.SaveContactAsync("Ada Lovelace", "ada@example.com", "415 555 0123");

        // Act
        ToolResult second = await tools.SaveContactAsync("Ada King", "ada.king@example.com", "415 555 9999");

        // Assert
        var firstStored = Assert.IsType<ContactStored>(first.Value);
        var secondStored = Assert.IsType<ContactStored>(second.Value);
        Assert.Equal(ContactStoreAction.Saved, secondStored.Action);
        Assert.False(secondStored.IsNew);
        Assert.Equal(firstStored.Contact.Id, secondStored.Contact.Id);
        Contact contact = Assert.Single(await _repository.ListAsync(10));
        Assert.Equal("Ada King", contact.Name);
        Assert.Equal("ada.king@example.com", contact.Email);
        Assert.Equal("+14155559999", contact.Phone);
        Assert.Null(await _repository.FindByEmailAsync("ada@example.com"));
    }

    [Fact]
    public async Task SaveContact_SameCallIdRepeated_StoresOnce()
    {
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        ToolRegistry registry = CreateRegistry(tools);
        string arguments = Args(new { name = "Ada", email = "ada@example.com", phone = "4155550123" });

        ToolInvocationResult first = await registry.InvokeAsync("fc_1", "save_contact", arguments);
        ToolInvocationResult again = await registry.InvokeAsync("fc_1", "save_contact", arguments);

        Assert.True(again.IsDuplicate);
        Assert.Same(first.Value, again.Value);
        Assert.Single(await _repository.ListAsync(10));
    }

    [Fact]
    public async Task SaveContact_EmailFromEarlierCallWithUpdatePolicy_UpdatesThatContact()
    {
        // Arrange
        ContactCollector collector = CreateCollector(DuplicateEmailPolicy.UpdateExisting);
        ToolResult earlier = await collector.CreateCallTools("call-1").SaveContactAsync("Ada", "ada@example.com", "415 555 0123");

        // Act
        ToolResult later = await collector.CreateCallTools("call-2").SaveContactAsync("Ada Lovelace", "ADA@example.com", "415 555 7777");

        // Assert
        var earlierStored = Assert.IsType<ContactStored>(earlier.Value);
        var laterStored = Assert.IsType<ContactStored>(later.Value);
        Assert.Equal(earlierStored.Contact.Id, laterStored.Contact.Id);
        Assert.False(laterStored.IsNew);
        Contact contact = Assert.Single(await _repository.ListAsync(10));
        Assert.Equal("Ada Lovelace", contact.Name);
        Assert.Equal("+14155557777", contact.Phone);
        Assert.Equal("call-1", contact.CallId);
        Assert.Equal(earlierStored.Contact.CreatedAt, contact.CreatedAt);
    }

    [Fact]
    public async Task SaveContact_EmailFromEarlierCallWithRejectPolicy_ReturnsDuplicateEmailAndKeepsEarlierContact()
    {
        ContactCollector collector = CreateCollector(DuplicateEmailPolicy.Reject);
        await collector.CreateCallTools("call-1").SaveContactAsync("Ada", "ada@example.com", "415 555 0123");
        ContactCallTools later = collector.CreateCallTools("call-2");

        ToolResult result = await later.SaveContactAsync("Someone Else", "ada@example.com", "415 555 7777");

        Assert.Equal(ContactToolErrorCodes.DuplicateEmail, result.Error!.Code);
        Assert.Equal("email", result.Error.Field);
        Assert.Null(later.Contact);
        Contact contact = Assert.Single(await _repository.ListAsync(10));
        Assert.Equal("Ada", contact.Name);
    }

    [Fact]
    public async Task SaveContact_ConcurrentCallsSameEmail_OneContact()
    {
        ContactCollector collector = CreateCollector();

        ToolResult[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => collector.CreateCallTools($"call-{i}").SaveContactAsync("Ada", "ada@example.com", "415 555 0123"))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(await _repository.ListAsync(10));
        Assert.Single(results, r => ((ContactStored)r.Value!).IsNew);
    }

    [Fact]
    public async Task UpdateContact_AfterSave_ChangesOnlyGivenFields()
    {
        // Arrange
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        ToolRegistry registry = CreateRegistry(tools);
        await registry.InvokeAsync("fc_1", "save_contact", Args(new { name = "Ada Lovelace", email = "ada@example.com", phone = "415 555 0123" }));

        // Act
        ToolInvocationResult result = await registry.InvokeAsync("fc_2", "update_contact", Args(new { email = "ada dot lovelace at example dot org" }));

        // Assert
        Assert.True(result.Succeeded, result.Output);
        ContactStored stored = Assert.IsType<ContactStored>(result.Value);
        Assert.Equal(ContactStoreAction.Updated, stored.Action);
        Contact contact = Assert.Single(await _repository.ListAsync(10));
        Assert.Equal("ada.lovelace@example.org", contact.Email);
        Assert.Equal("ada dot lovelace at example dot org", contact.RawEmail);
        Assert.Equal("Ada Lovelace", contact.Name);
        Assert.Equal("+14155550123", contact.Phone);
        Assert.Equal(stored.Contact, contact);
        Assert.Equal("updated", JsonDocument.Parse(result.Output).RootElement.GetProperty("result").GetProperty("action").GetString());
    }

    [Fact]
    public async Task UpdateContact_NullAndEmptyFields_AreLeftUnchanged()
    {
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        ToolRegistry registry = CreateRegistry(tools);
        await tools.SaveContactAsync("Ada Lovelace", "ada@example.com", "415 555 0123");

        ToolInvocationResult result = await registry.InvokeAsync("fc_2", "update_contact", """{"name":null,"email":"","phone":"415 555 9999 extension 4"}""");

        Assert.True(result.Succeeded, result.Output);
        Contact contact = Assert.Single(await _repository.ListAsync(10));
        Assert.Equal("Ada Lovelace", contact.Name);
        Assert.Equal("ada@example.com", contact.Email);
        Assert.Equal("+14155559999", contact.Phone);
        Assert.Equal("4", contact.PhoneExtension);
    }

    [Fact]
    public async Task UpdateContact_NothingSaved_ReturnsNoContactError()
    {
        ToolRegistry registry = CreateRegistry(CreateCollector().CreateCallTools("call-1"));

        ToolInvocationResult result = await registry.InvokeAsync("fc_1", "update_contact", Args(new { name = "Ada" }));

        Assert.Equal(ContactToolErrorCodes.NoContact, result.Error!.Code);
        Assert.Empty(await _repository.ListAsync(10));
    }

    [Fact]
    public async Task UpdateContact_NoFields_ReturnsNoChangesError()
    {
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        await tools.SaveContactAsync("Ada", "ada@example.com", "415 555 0123");

        ToolResult result = await tools.UpdateContactAsync();

        Assert.Equal(ContactToolErrorCodes.NoChanges, result.Error!.Code);
    }

    [Fact]
    public async Task UpdateContact_InvalidEmail_ReturnsErrorAndKeepsContact()
    {
        ContactCallTools tools = CreateCollector().CreateCallTools("call-1");
        await tools.SaveContactAsync("Ada", "ada@example.com", "415 555 0123");

        ToolResult result = await tools.UpdateContactAsync(email: "ada at example");

        Assert.Equal(ContactToolErrorCodes.InvalidField, result.Error!.Code);
        Assert.Equal("email", result.Error.Field);
        Assert.Equal("ada@example.com", Assert.Single(await _repository.ListAsync(10)).Email);
    }

    [Fact]
    public async Task UpdateContact_EmailOfAnotherContact_ReturnsDuplicateEmail()
    {
        ContactCollector collector = CreateCollector();
        await collector.CreateCallTools("call-1").SaveContactAsync("Ada", "ada@example.com", "415 555 0123");
        ContactCallTools tools = collector.CreateCallTools("call-2");
        await tools.SaveContactAsync("Grace", "grace@example.com", "415 555 7777");

        ToolResult result = await tools.UpdateContactAsync(email: "ada@example.com");

        Assert.Equal(ContactToolErrorCodes.DuplicateEmail, result.Error!.Code);
        Assert.Equal("grace@example.com", (await _repository.GetAsync(tools.Contact!.Id))!.Email);
    }

    [Fact]
    public async Task Tools_OfDifferentCalls_AreIndependent()
    {
        ContactCollector collector = CreateCollector();
        await collector.CreateCallTools("call-1").SaveContactAsync("Ada", "ada@example.com", "415 555 0123");

        ToolResult result = await collector.CreateCallTools("call-2").UpdateContactAsync(name: "Grace");

        Assert.Equal(ContactToolErrorCodes.NoContact, result.Error!.Code);
    }

    [Fact]
    public async Task SaveContact_AfterContactDeletedElsewhere_InsertsAgain()
    {
        var repository = new ForgetfulRepository();
        ContactCallTools tools = new ContactCollector(repository).CreateCallTools("call-1");
        await tools.SaveContactAsync("Ada", "ada@example.com", "415 555 0123");
        repository.Forget();

        ToolResult result = await tools.SaveContactAsync("Ada", "ada@example.com", "415 555 0123");

        Assert.True(Assert.IsType<ContactStored>(result.Value).IsNew);
    }

    private sealed class ForgetfulRepository : IContactRepository
    {
        private InMemoryContactRepository _inner = new();

        public void Forget() => _inner = new InMemoryContactRepository();

        public Task<Contact> InsertAsync(Contact contact, System.Threading.CancellationToken cancellationToken = default) => _inner.InsertAsync(contact, cancellationToken);

        public Task<Contact?> GetAsync(string id, System.Threading.CancellationToken cancellationToken = default) => _inner.GetAsync(id, cancellationToken);

        public Task<Contact?> FindByEmailAsync(string normalizedEmail, System.Threading.CancellationToken cancellationToken = default) => _inner.FindByEmailAsync(normalizedEmail, cancellationToken);

        public Task<Contact?> UpdateAsync(string id, ContactChanges changes, System.Threading.CancellationToken cancellationToken = default) => _inner.UpdateAsync(id, changes, cancellationToken);

        public Task<System.Collections.Generic.IReadOnlyList<Contact>> ListAsync(int limit, System.Threading.CancellationToken cancellationToken = default) => _inner.ListAsync(limit, cancellationToken);

        public Task<ContactPage> SearchAsync(string? query, PageCursor? after, int limit, System.Threading.CancellationToken cancellationToken = default) => _inner.SearchAsync(query, after, limit, cancellationToken);

        public Task<System.Collections.Generic.IReadOnlyList<ContactChange>> GetHistoryAsync(string contactId, System.Threading.CancellationToken cancellationToken = default) => _inner.GetHistoryAsync(contactId, cancellationToken);

        public Task<bool> DeleteAsync(string id, System.Threading.CancellationToken cancellationToken = default) => _inner.DeleteAsync(id, cancellationToken);

        public Task SaveCallAsync(CallRecord call, System.Collections.Generic.IReadOnlyList<CallTranscriptEntry> transcript, System.Threading.CancellationToken cancellationToken = default) => _inner.SaveCallAsync(call, transcript, cancellationToken);

        public Task<CallRecordPage> ListCallsAsync(PageCursor? after, int limit, System.Threading.CancellationToken cancellationToken = default) => _inner.ListCallsAsync(after, limit, cancellationToken);

        public Task<System.Collections.Generic.IReadOnlyList<CallRecord>> ListCallsOfContactAsync(string contactId, System.Threading.CancellationToken cancellationToken = default) => _inner.ListCallsOfContactAsync(contactId, cancellationToken);

        public Task<System.Collections.Generic.IReadOnlyList<CallTranscriptEntry>> GetTranscriptAsync(string callId, System.Threading.CancellationToken cancellationToken = default) => _inner.GetTranscriptAsync(callId, cancellationToken);

        public Task<int> PurgeCallsAsync(System.DateTimeOffset startedBefore, System.Threading.CancellationToken cancellationToken = default) => _inner.PurgeCallsAsync(startedBefore, cancellationToken);
    }
}
