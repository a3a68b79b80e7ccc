using System.Threading.Tasks;
using RealtimeVoiceAgent.Testing;

namespace VoiceContacts.Host;

/// <summary>
/// Test-only (VoiceContacts:FakeRealtime:Enabled): a FakeRealtimeServer (or, when RealtimeVoiceAgent:Provider is a Live
/// provider, a FakeLiveServer playing the same script the GPT-Live way) scripted as a contact-collection call. Each call
/// is greeted; each time the caller speaks the model records the three fields as it hears them (record_contact_field,
/// spoken forms), reads them back, calls save_contact, then confirms. A field the caller types (a system message from
/// the contact agent) is acknowledged.
/// </summary>
internal static class FakeContactModel
{
    public const string Greeting = "Hello! I'm the VoiceContacts assistant. What's your full name?";
    public const string NameArguments = "{\"field\":\"name\",\"value\":\"ada lovelace\"}";
    public const string EmailArguments = "{\"field\":\"email\",\"value\":\"ada at example dot com\"}";
    public const string PhoneArguments = "{\"field\":\"phone\",\"value\":\"four one five two three four five six seven eight\"}";
    public const string ReadBack = "That's Ada Lovelace, A D A at example dot com, and four one five, two three four, five six seven eight. Saving it now.";
    public const string SaveArguments = "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"four one five two three four five six seven eight\"}";
    public const string Confirmation = "Thanks Ada, I've saved your contact details.";
    public const string TypedFieldReply = "Thanks, I've taken what you typed.";

    // The fake's script is a few queues shared by all connections; enough entries for a long e2e run of sequential calls.
    private const int ScriptedCalls = 1000;

    /// <summary>Starts the fake for the configured protocol; returns it (a FakeRealtimeServer or FakeLiveServer) and its endpoint.</summary>
    public static async Task<(System.IAsyncDisposable Server, System.Uri Endpoint)> StartAsync(bool live)
    {
        if (live)
        {
            var liveServer = await FakeLiveServer.StartAsync();
            Script(liveServer.Script);
            return (liveServer, liveServer.Endpoint);
        }

        var server = await FakeRealtimeServer.StartAsync();
        Script(server.Script);
        return (server, server.Endpoint);
    }

    private static void Script(FakeRealtimeScript script)
    {
        for (var i = 0; i < ScriptedCalls; i++)
        {
            script
                .OnResponseCreate(r => r.Say(Greeting, System.TimeSpan.FromSeconds(2)))
                .AfterSpeech(turn => turn
                    .Transcript("my name is ada lovelace, my email is ada at example dot com and my phone is four one five two three four five six seven eight")
                    .CallFunction("record_contact_field", NameArguments)
                    .CallFunction("record_contact_field", EmailArguments)
                    .CallFunction("record_contact_field", PhoneArguments)
                    .Then(r => r.Say(ReadBack).CallFunction("save_contact", SaveArguments))
                    .ThenSay(Confirmation))
                .AfterSystemMessage(turn => turn.Say(TypedFieldReply));
        }
    }
}
