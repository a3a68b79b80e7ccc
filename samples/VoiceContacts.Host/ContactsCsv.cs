using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;

namespace VoiceContacts.Host;

/// <summary>
/// Writes contacts as RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, a quote or a line
/// break (quotes doubled). A cell that a spreadsheet would run as a formula (it starts with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return) is prefixed with <c>'</c> (OWASP, CSV injection); so E.164 phone
/// numbers read <c>'+14155550123</c>.
/// </summary>
internal static class ContactsCsv
{
    public const string Header = "id,name,email,phone,phone_extension,created_at,updated_at,call_id";

    public static async Task WriteAsync(IContactRepository contacts, Stream output, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(Header).ConfigureAwait(false);
            PageCursor? cursor = null;
            do
            {
                // Page by page on the store's keyset paging: memory stays flat however many contacts there are.
                ContactPage page = await contacts.SearchAsync(null, cursor, 1000, cancellationToken).ConfigureAwait(false);
                foreach (Contact c in page.Items)
                {
                    await writer.WriteLineAsync(Row(c)).ConfigureAwait(false);
                }

                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                cursor = page.Next;
            }
            while (cursor is not null);
        }
    }

    public static string Row(Contact c) => string.Join(',',
        Cell(c.Id),
        Cell(c.Name),
        Cell(c.Email),
        Cell(c.Phone),
        Cell(c.PhoneExtension),
        Cell(c.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        Cell(c.UpdatedAt.ToString("O", CultureInfo.InvariantCulture)),
        Cell(c.CallId));

    public static string Cell(string? value)
    {
        value ??= string.Empty;
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
