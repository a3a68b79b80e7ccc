using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tools;
using Xunit;
using Xunit.Abstractions;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>
/// A corpus of <c>save_contact</c> arguments as a speech model passes them (Corpus/save_contact_corpus.json: the US
/// default region and five others, including arguments that must be refused), run through the real tool. The measure
/// that matters most: no wrong contact is ever stored as valid.
/// </summary>
public class SaveContactCorpusTests
{
    private const double RequiredAccuracy = 0.98;

    private readonly ITestOutputHelper _output;

    public SaveContactCorpusTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task SaveContact_Corpus_StoresNoWrongContactAndMeetsAccuracy()
    {
        // Arrange
        List<CorpusCase> cases = LoadCorpus();
        var wrongStored = new List<string>();
        var missed = new List<string>();

        // Act
        foreach (CorpusCase c in cases)
        {
            var collector = new ContactCollector(new InMemoryContactRepository(), new ContactCollectorOptions { DefaultRegion = c.Region });
            ToolResult result = await collector.CreateCallTools("corpus").SaveContactAsync(c.Name, c.Email, c.Phone);
            string said = $"[{c.Region}] {c.Name} | {c.Email} | {c.Phone}";
            if (result.Value is ContactStored { Contact: var stored })
            {
                if (c.Expected is not { } expected)
                {
                    wrongStored.Add($"{said} -> stored {stored.Name} | {stored.Email} | {stored.Phone}, but must be refused ({string.Join(", ", c.Reject!)})");
                }
                else if (stored.Name != expected.Name || stored.Email != expected.Email || stored.Phone != expected.Phone || stored.PhoneExtension != expected.Extension)
                {
                    wrongStored.Add($"{said} -> stored {stored.Name} | {stored.Email} | {stored.Phone} x{stored.PhoneExtension}, expected {expected.Name} | {expected.Email} | {expected.Phone} x{expected.Extension}");
                }
            }
            else if (c.Expected is not null)
            {
                missed.Add($"{said} -> refused: {result.Error!.Message}");
            }
            else if (!c.Reject!.Contains(result.Error!.Field))
            {
                missed.Add($"{said} -> refused for {result.Error.Field}, expected {string.Join(", ", c.Reject!)}: {result.Error.Message}");
            }
        }

        // Assert
        int correct = cases.Count - wrongStored.Count - missed.Count;
        double accuracy = (double)correct / cases.Count;
        _output.WriteLine($"{cases.Count} cases ({cases.Count(c => c.Reject is not null)} to refuse, regions {string.Join(", ", cases.Select(c => c.Region).Distinct())}): "
            + $"{correct} correct, accuracy {accuracy:P1}; wrong contacts stored as valid: {wrongStored.Count}.");
        foreach (string line in wrongStored.Concat(missed))
        {
            _output.WriteLine(line);
        }

        Assert.True(cases.Count >= 150, $"the corpus has {cases.Count} cases");
        Assert.Equal(6, cases.Select(c => c.Region).Distinct().Count());
        Assert.True(wrongStored.Count == 0, string.Join(Environment.NewLine, wrongStored));
        Assert.True(accuracy >= RequiredAccuracy, $"accuracy {accuracy:P1}:{Environment.NewLine}{string.Join(Environment.NewLine, missed)}");
    }

    private static List<CorpusCase> LoadCorpus()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Contacts", "Corpus", "save_contact_corpus.json");
        return JsonSerializer.Deserialize<List<CorpusCase>>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    private sealed record CorpusCase(string Region, string Name, string Email, string Phone, ExpectedContact? Expected, string[]? Reject, string? Note);

    private sealed record ExpectedContact(string Name, string Email, string Phone, string? Extension);
}
