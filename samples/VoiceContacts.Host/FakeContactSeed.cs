using System;
using System.Globalization;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;

namespace VoiceContacts.Host;

/// <summary>
/// Test-only (VoiceContacts:FakeRealtime:SeedContacts, honoured only with the fake model): fills an empty store with
/// numbered contacts, so the browser tests of the admin console have pages to walk. Never touches a store that has contacts.
/// </summary>
internal static class FakeContactSeed
{
    public static async Task SeedAsync(IContactRepository contacts, int count, TimeProvider time)
    {
        if (count <= 0 || (await contacts.ListAsync(1)).Count > 0)
        {
            return;
        }

        // Oldest first, a minute apart, all before now: contacts saved by calls in the test sort above them.
        var start = Contact.TruncateToMilliseconds(time.GetUtcNow()).AddMinutes(-count - 1);
        for (var i = 1; i <= count; i++)
        {
            var n = i.ToString("D3", CultureInfo.InvariantCulture);
            await contacts.InsertAsync(new Contact
            {
                Id = "seed-" + n,
                Name = "Seed Person " + n,
                Email = $"seed{n}@example.com",
                Phone = "+1202555" + i.ToString("D4", CultureInfo.InvariantCulture),
                RawName = "seed person " + n,
                RawEmail = $"seed {n} at example dot com",
                RawPhone = "202 555 " + i.ToString("D4", CultureInfo.InvariantCulture),
                CallId = "seed",
                CreatedAt = start.AddMinutes(i),
                UpdatedAt = start.AddMinutes(i),
            });
        }
    }
}
