using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Sqlite;

// Search and paging. Pages are keyset pages on (created_at DESC, id DESC), never OFFSET, so every page costs the same.
// A query is answered one of two ways, chosen by how many terms match (both give the same result):
//  - few matches (under NarrowMatchLimit terms): the matching (created_at, id) pairs come straight from the
//    contact_terms index, sorted, and only the page's contacts are read;
//  - many matches: the contacts are walked newest first on ix_contacts_created_at and each one's search_text is
//    checked, which finds a page after about limit / selectivity rows, so the more a query matches, the sooner it stops.
public sealed partial class SqliteContactRepository
{
    // Where the two strategies cost about the same with a million contacts (docs/benchmarks.md, contact search).
    internal const int DefaultNarrowMatchLimit = 20_000;

    // Above every code point: term >= prefix AND term < prefix + this is "starts with prefix" on the index.
    private const string PrefixRangeEnd = "\U0010FFFF";

    private static readonly string QualifiedColumns = string.Join(", ", Columns.Split(", ").Select(c => "contacts." + c));


    /// <summary>Matching terms from which a query is answered by the newest-first walk; tests lower it to run both strategies.</summary>
    internal int NarrowMatchLimit { get; init; } = DefaultNarrowMatchLimit;

    /// <inheritdoc/>
    public async Task<ContactPage> SearchAsync(string? query, PageCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        IReadOnlyList<string> prefixes = ContactSearch.GetQueryPrefixes(query);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One read transaction: the count and the page see the same snapshot.
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
            using SqliteCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.AddWithValue("@limit", limit + 1);

            // A row-value comparison, present only with a cursor, is a range on the (created_at, id) index: a deep page
            // starts where the cursor is instead of walking every newer contact.
            string keyset = "1";
            string termKeyset = "1";
            if (after is { } cursor)
            {
                command.Parameters.AddWithValue("@after_time", cursor.Time.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("@after_id", cursor.Id);
                keyset = "(created_at, id) < (@after_time, @after_id)";
                termKeyset = "(created_at, contact_id) < (@after_time, @after_id)";
            }

            if (prefixes.Count == 0)
            {
                command.CommandText = $"SELECT {Columns} FROM contacts WHERE {keyset} ORDER BY created_at DESC, id DESC LIMIT @limit;";
            }
            else
            {
                string ranges = AddPrefixParameters(command, prefixes);
                command.CommandText = await IsNarrowAsync(connection, transaction, command, ranges, cancellationToken).ConfigureAwait(false)
                    ? $"""
                      WITH page AS MATERIALIZED (
                          SELECT DISTINCT created_at, contact_id FROM contact_terms
                          WHERE ({ranges}) AND {termKeyset}
                          ORDER BY created_at DESC, contact_id DESC LIMIT @limit)
                      SELECT {QualifiedColumns} FROM page JOIN contacts ON contacts.id = page.contact_id
                      ORDER BY page.created_at DESC, page.contact_id DESC;
                      """
                    : $"""
                      SELECT {Columns} FROM contacts INDEXED BY ix_contacts_created_at
                      WHERE {keyset} AND ({ContainsAnyTerm(prefixes.Count)})
                      ORDER BY created_at DESC, id DESC LIMIT @limit;
                      """;
            }

            List<Contact> contacts = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            bool more = contacts.Count > limit;
            if (more)
            {
                contacts.RemoveAt(limit);
            }

            return new ContactPage(contacts, more ? new PageCursor(contacts[^1].CreatedAt, contacts[^1].Id) : null);
        }
    }

    // @p0..@pN (prefix), @e0..@eN (prefix + PrefixRangeEnd) and @t0..@tN (separator + prefix, for search_text).
    private static string AddPrefixParameters(SqliteCommand command, IReadOnlyList<string> prefixes)
    {
        var ranges = new StringBuilder();
        for (int i = 0; i < prefixes.Count; i++)
        {
            command.Parameters.AddWithValue($"@p{i}", prefixes[i]);
            command.Parameters.AddWithValue($"@e{i}", prefixes[i] + PrefixRangeEnd);
            command.Parameters.AddWithValue($"@t{i}", ContactWriter.TermSeparator + prefixes[i]);
            ranges.Append(i == 0 ? string.Empty : " OR ").Append($"(term >= @p{i} AND term < @e{i})");
        }

        return ranges.ToString();
    }

    private static string ContainsAnyTerm(int count)
    {
        var any = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            any.Append(i == 0 ? string.Empty : " OR ").Append($"instr(search_text, @t{i}) > 0");
        }

        return any.ToString();
    }

    // Counts matching terms only up to the limit: reading NarrowMatchLimit index entries is the most this decision costs.
    private async Task<bool> IsNarrowAsync(SqliteConnection connection, SqliteTransaction transaction, SqliteCommand page, string ranges, CancellationToken cancellationToken)
    {
        using SqliteCommand count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM contact_terms WHERE {ranges} LIMIT @narrow);";
        foreach (SqliteParameter parameter in page.Parameters)
        {
            if (parameter.ParameterName.StartsWith("@p", StringComparison.Ordinal) || parameter.ParameterName.StartsWith("@e", StringComparison.Ordinal))
            {
                count.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
            }
        }

        count.Parameters.AddWithValue("@narrow", NarrowMatchLimit);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! < NarrowMatchLimit;
    }
}
