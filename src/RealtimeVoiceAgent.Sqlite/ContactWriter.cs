using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Sqlite;

/// <summary>
/// The write statements of one transaction on the contact tables (the row, its search terms and its history), each
/// prepared once and reused, so a bulk load or a migration runs every row through the same statements as a single save.
/// </summary>
internal sealed class ContactWriter : IDisposable
{
    // Separates the terms in contacts.search_text; Fold turns control characters into spaces, so no term contains it.
    internal const char TermSeparator = '\u001f';

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private SqliteCommand? _insertContact;
    private SqliteCommand? _updateContact;
    private SqliteCommand? _setSearchText;
    private SqliteCommand? _insertTerm;
    private SqliteCommand? _deleteTerm;
    private SqliteCommand? _insertHistory;

    public ContactWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>The contact's terms as one string, each after a <see cref="TermSeparator"/>: the broad-search scan reads it.</summary>
    public static string SearchText(IReadOnlyList<string> terms)
    {
        var text = new StringBuilder();
        foreach (string term in terms)
        {
            text.Append(TermSeparator).Append(term);
        }

        return text.ToString();
    }

    /// <summary>Inserts the row, its terms and its creation history (throws <see cref="SqliteException"/> for a taken email or id).</summary>
    public async Task InsertAsync(Contact contact, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> terms = ContactSearch.GetTerms(contact);
        _insertContact ??= Prepare(
            """
            INSERT INTO contacts (id, name, email, phone, phone_extension, raw_name, raw_email, raw_phone, call_id, created_at, updated_at, search_text)
            VALUES (@id, @name, @email, @phone, @phone_extension, @raw_name, @raw_email, @raw_phone, @call_id, @created_at, @updated_at, @search_text);
            """,
            "@id", "@name", "@email", "@phone", "@phone_extension", "@raw_name", "@raw_email", "@raw_phone", "@call_id", "@created_at", "@updated_at", "@search_text");
        SetContact(_insertContact, contact, terms);
        await _insertContact.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await AddTermsAsync(contact, terms, cancellationToken).ConfigureAwait(false);
        await AddHistoryAsync(ContactChange.Compare(null, contact, contact.CallId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the row's fields with <paramref name="after"/>'s, moves its terms and records what changed.</summary>
    public async Task UpdateAsync(Contact before, Contact after, string? callId, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> oldTerms = ContactSearch.GetTerms(before);
        IReadOnlyList<string> newTerms = ContactSearch.GetTerms(after);
        _updateContact ??= Prepare(
            """
            UPDATE contacts SET name = @name, email = @email, phone = @phone, phone_extension = @phone_extension,
                raw_name = @raw_name, raw_email = @raw_email, raw_phone = @raw_phone, updated_at = @updated_at, search_text = @search_text
            WHERE id = @id;
            """,
            "@id", "@name", "@email", "@phone", "@phone_extension", "@raw_name", "@raw_email", "@raw_phone", "@call_id", "@created_at", "@updated_at", "@search_text");
        SetContact(_updateContact, after, newTerms);
        await _updateContact.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        foreach (string term in oldTerms)
        {
            if (!newTerms.Contains(term))
            {
                await DeleteTermAsync(before, term, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (string term in newTerms)
        {
            if (!oldTerms.Contains(term))
            {
                await AddTermAsync(after, term, cancellationToken).ConfigureAwait(false);
            }
        }

        await AddHistoryAsync(ContactChange.Compare(before, after, callId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the search terms of a contact about to be deleted.</summary>
    public async Task DeleteTermsAsync(Contact contact, CancellationToken cancellationToken)
    {
        foreach (string term in ContactSearch.GetTerms(contact))
        {
            await DeleteTermAsync(contact, term, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets the search column of an existing row (migration).</summary>
    public async Task SetSearchTextAsync(Contact contact, CancellationToken cancellationToken)
    {
        _setSearchText ??= Prepare("UPDATE contacts SET search_text = @search_text WHERE id = @id;", "@id", "@search_text");
        _setSearchText.Parameters["@id"].Value = contact.Id;
        _setSearchText.Parameters["@search_text"].Value = SearchText(ContactSearch.GetTerms(contact));
        await _setSearchText.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the search terms of an existing row (migration).</summary>
    public Task AddTermsAsync(Contact contact, CancellationToken cancellationToken) =>
        AddTermsAsync(contact, ContactSearch.GetTerms(contact), cancellationToken);

    public void Dispose()
    {
        _insertContact?.Dispose();
        _updateContact?.Dispose();
        _setSearchText?.Dispose();
        _insertTerm?.Dispose();
        _deleteTerm?.Dispose();
        _insertHistory?.Dispose();
    }

    private async Task AddTermsAsync(Contact contact, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        foreach (string term in terms)
        {
            await AddTermAsync(contact, term, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AddTermAsync(Contact contact, string term, CancellationToken cancellationToken)
    {
        _insertTerm ??= Prepare("INSERT OR IGNORE INTO contact_terms (term, created_at, contact_id) VALUES (@term, @created_at, @contact_id);", "@term", "@created_at", "@contact_id");
        SetTerm(_insertTerm, contact, term);
        await _insertTerm.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteTermAsync(Contact contact, string term, CancellationToken cancellationToken)
    {
        _deleteTerm ??= Prepare("DELETE FROM contact_terms WHERE term = @term AND created_at = @created_at AND contact_id = @contact_id;", "@term", "@created_at", "@contact_id");
        SetTerm(_deleteTerm, contact, term);
        await _deleteTerm.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AddHistoryAsync(IReadOnlyList<ContactChange> changes, CancellationToken cancellationToken)
    {
        foreach (ContactChange change in changes)
        {
            _insertHistory ??= Prepare(
                "INSERT INTO contact_history (contact_id, field, old_value, new_value, call_id, changed_at) VALUES (@contact_id, @field, @old_value, @new_value, @call_id, @changed_at);",
                "@contact_id", "@field", "@old_value", "@new_value", "@call_id", "@changed_at");
            _insertHistory.Parameters["@contact_id"].Value = change.ContactId;
            _insertHistory.Parameters["@field"].Value = change.Field.ToString();
            _insertHistory.Parameters["@old_value"].Value = (object?)change.OldValue ?? DBNull.Value;
            _insertHistory.Parameters["@new_value"].Value = change.NewValue;
            _insertHistory.Parameters["@call_id"].Value = (object?)change.CallId ?? DBNull.Value;
            _insertHistory.Parameters["@changed_at"].Value = change.ChangedAt.ToUnixTimeMilliseconds();
            await _insertHistory.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void SetContact(SqliteCommand command, Contact contact, IReadOnlyList<string> terms)
    {
        command.Parameters["@id"].Value = contact.Id;
        command.Parameters["@name"].Value = contact.Name;
        command.Parameters["@email"].Value = contact.Email;
        command.Parameters["@phone"].Value = contact.Phone;
        command.Parameters["@phone_extension"].Value = (object?)contact.PhoneExtension ?? DBNull.Value;
        command.Parameters["@raw_name"].Value = contact.RawName;
        command.Parameters["@raw_email"].Value = contact.RawEmail;
        command.Parameters["@raw_phone"].Value = contact.RawPhone;
        command.Parameters["@call_id"].Value = contact.CallId;
        command.Parameters["@created_at"].Value = contact.CreatedAt.ToUnixTimeMilliseconds();
        command.Parameters["@updated_at"].Value = contact.UpdatedAt.ToUnixTimeMilliseconds();
        command.Parameters["@search_text"].Value = SearchText(terms);
    }

    private static void SetTerm(SqliteCommand command, Contact contact, string term)
    {
        command.Parameters["@term"].Value = term;
        command.Parameters["@created_at"].Value = contact.CreatedAt.ToUnixTimeMilliseconds();
        command.Parameters["@contact_id"].Value = contact.Id;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }
}
