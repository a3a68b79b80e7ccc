using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Sqlite;

namespace RealtimeVoiceAgent.Benchmarks.Contacts;

/// <summary>
/// <c>contacts [--contacts N] [--db PATH] [--runs R]</c>: seeds a SQLite contact store with N contacts (once; the file is
/// reused while it holds N), then times the admin API's store calls: a page of 100 newest first, a page deep in the list
/// (by cursor), and searches of each kind (name, email and phone prefixes, from one letter to a whole name), each R times
/// with a fresh query; prints p50 and p99 per case (docs/benchmarks.md, "Contact search and paging").
/// </summary>
internal static class ContactSearchCommand
{
    private static readonly string[] s_first =
    [
        "Ada", "Alan", "Grace", "Linus", "Margaret", "Edsger", "Barbara", "Donald", "Frances", "John", "Katherine", "Dennis",
        "Radia", "Ken", "Hedy", "Tim", "Sophie", "Guido", "Anita", "Bjarne", "Shafi", "Niklaus", "Adele", "James", "Mary",
        "Robert", "Patricia", "Michael", "Jennifer", "William", "Elizabeth", "David", "Susan", "Richard", "Jessica", "Joseph",
        "Sarah", "Thomas", "Karen", "Charles", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Sandra", "Mark",
        "Ashley", "Paul", "Emily", "Steven", "Donna", "Andrew", "Michelle", "Joshua", "Carol", "Kenneth", "Amanda", "Kevin",
        "José", "María", "Zoë", "Élodie", "Søren", "Björn", "Ngozi", "Wei", "Yuki", "Priya", "Omar", "Fatima", "Ivan", "Olga",
    ];

    private static readonly string[] s_last =
    [
        "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Dijkstra", "Liskov", "Knuth", "Allen", "McCarthy", "Johnson",
        "Ritchie", "Perlman", "Thompson", "Lamarr", "Berners-Lee", "Wilson", "van Rossum", "Borg", "Stroustrup", "Goldwasser",
        "Wirth", "Goldberg", "Gosling", "Smith", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Perez",
        "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "King", "Wright", "Scott",
        "Okafor", "Nakamura", "Patel", "Müller", "Schmidt", "Dubois", "Rossi", "Novak", "Kowalski", "Ivanova", "Chen", "Kim",
    ];

    private static readonly string[] s_domains = ["example.com", "example.org", "mail.example.net", "contoso.com", "fabrikam.io"];
    private static readonly int[] s_areaCodes = [202, 212, 303, 312, 415, 503, 617, 646, 702, 808];

    public static async Task<int> RunAsync(string[] args)
    {
        int count = int.Parse(Option(args, "--contacts", "1000000"), CultureInfo.InvariantCulture);
        int runs = int.Parse(Option(args, "--runs", "300"), CultureInfo.InvariantCulture);
        string db = Path.GetFullPath(Option(args, "--db", Path.Combine(Path.GetTempPath(), $"voicecontacts-bench-{count}.db")));
        var store = new SqliteContactRepository($"Data Source={db}");

        long existing = (await store.SearchAsync(null, null, 1)).Items.Count == 0 ? 0 : await CountAsync(db);
        if (existing != count)
        {
            Console.WriteLine($"seeding {count:N0} contacts into {db} ...");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (string file in Directory.GetFiles(Path.GetDirectoryName(db)!, Path.GetFileName(db) + "*"))
            {
                File.Delete(file);
            }

            store = new SqliteContactRepository($"Data Source={db}");
            var seed = Stopwatch.StartNew();
            const int batch = 50_000;
            for (int start = 0; start < count; start += batch)
            {
                await store.InsertManyAsync(Enumerable.Range(start, Math.Min(batch, count - start)).Select(Contact), default);
            }

            Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F0} s; file {new FileInfo(db).Length / 1024 / 1024:N0} MB");
        }
        else
        {
            Console.WriteLine($"reusing {db} ({count:N0} contacts)");
        }

        var random = new Random(7);
        var cases = new (string Name, Func<int, Task<ContactPage>> Run)[]
        {
            ("page of 100, newest", _ => store.SearchAsync(null, null, 100)),
            ("page of 100, deep (cursor)", i => store.SearchAsync(null, CursorAt(random.Next(count - 200)), 100)),
            ("search: 1 letter (\"m\")", _ => store.SearchAsync(Pick(random, "abcdefghijklmnoprstwz"), null, 100)),
            ("search: first name prefix (3)", _ => store.SearchAsync(Prefix(random, s_first, 3), null, 100)),
            ("search: last name (whole)", _ => store.SearchAsync(Pick(random, s_last), null, 100)),
            ("search: full name", _ => store.SearchAsync(Pick(random, s_first) + " " + Pick(random, s_last), null, 100)),
            ("search: email prefix", i => store.SearchAsync(EmailOf(random.Next(count))[..8], null, 100)),
            ("search: whole email", i => store.SearchAsync(EmailOf(random.Next(count)), null, 100)),
            ("search: phone, 6 digits", i => store.SearchAsync("(" + s_areaCodes[random.Next(s_areaCodes.Length)] + ") 555", null, 100)),
            ("search: phone, 9 digits", i => store.SearchAsync(PhoneOf(random.Next(count))[2..11], null, 100)),
            ("search + next page", async _ =>
            {
                ContactPage first = await store.SearchAsync(Prefix(random, s_first, 2), null, 100);
                return first.Next is { } next ? await store.SearchAsync(Prefix(random, s_first, 2), next, 100) : first;
            }),
        };

        Console.WriteLine($"{runs} runs per case, each query picked at random (SQLite {count:N0} contacts, limit 100)");
        Console.WriteLine($"{"case",-34} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"rows",6}");
        foreach (var (name, run) in cases)
        {
            for (int i = 0; i < 10; i++)
            {
                await run(i); // warm-up: the JIT and SQLite's page cache
            }

            var times = new List<double>(runs);
            int rows = 0;
            for (int i = 0; i < runs; i++)
            {
                long start = Stopwatch.GetTimestamp();
                ContactPage page = await run(i);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                rows += page.Items.Count;
            }

            times.Sort();
            Console.WriteLine($"{name,-34} {Percentile(times, 0.50),8:F2} {Percentile(times, 0.99),8:F2} {times[^1],8:F2} {rows / runs,6}");
        }

        return 0;
    }

    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Contact i, the same on every run: a name from the lists, a unique email and phone, created i seconds after the start.
    private static Contact Contact(int i)
    {
        var r = new Random(i);
        string first = s_first[r.Next(s_first.Length)];
        string last = s_last[r.Next(s_last.Length)];
        DateTimeOffset created = s_start.AddSeconds(i);
        return new Contact
        {
            Id = i.ToString("D10", CultureInfo.InvariantCulture),
            Name = first + " " + last,
            Email = EmailOf(i, first, last),
            Phone = PhoneOf(i),
            RawName = first + " " + last,
            RawEmail = EmailOf(i, first, last),
            RawPhone = PhoneOf(i),
            CallId = "seed",
            CreatedAt = created,
            UpdatedAt = created,
        };
    }

    private static string EmailOf(int i)
    {
        var r = new Random(i);
        return EmailOf(i, s_first[r.Next(s_first.Length)], s_last[r.Next(s_last.Length)]);
    }

    private static string EmailOf(int i, string first, string last) =>
        ContactSearch.Fold(first + "." + last).Replace(' ', '-') + i.ToString(CultureInfo.InvariantCulture) + "@" + s_domains[i % s_domains.Length];

    private static string PhoneOf(int i) => "+1" + s_areaCodes[i % s_areaCodes.Length].ToString(CultureInfo.InvariantCulture) + "555" + (i / 10 % 10000).ToString("D4", CultureInfo.InvariantCulture);

    private static PageCursor CursorAt(int i) => new(s_start.AddSeconds(i), i.ToString("D10", CultureInfo.InvariantCulture));

    private static string Pick(Random random, string letters) => letters[random.Next(letters.Length)].ToString();

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];

    private static string Prefix(Random random, string[] words, int length)
    {
        string word = Pick(random, words);
        return word[..Math.Min(length, word.Length)];
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<long> CountAsync(string db)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM contacts;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
