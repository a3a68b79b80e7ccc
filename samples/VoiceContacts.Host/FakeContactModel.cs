using System.Threading.Tasks;
using RealtimeVoiceAgent.Testing;

namespace VoiceContacts.Host;

/// <summary>
/// Test-only (VoiceContacts:FakeRealtime:Enabled): a FakeRealtimeServer scripted as a contact-collection call. Each call
/// is greeted; each time the caller speaks the model calls save_contact with spoken-form values, then confirms.
/// </summary>
internal static class FakeContactModel
{
    public const string Greeting = "Hello! I'm the VoiceContacts assistant. What's your full name?";
    public const string SaveArguments = "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"four one five two three four five six seven eight\"}";
    public const string Confirmation = "Thanks Ada, I've saved your contact details.";

    // The fake's script is two queues shared by all connections; enough entries for a long e2e run of sequential calls.
    private const int ScriptedCalls = 1000;

    public static async Task<FakeRealtimeServer> StartAsync()
    {
        var server = await FakeRealtimeServer.StartAsync();
        for (var i = 0; i < ScriptedCalls; i++)
        {
            server.Script
                .OnResponseCreate(r => r.Say(Greeting, System.TimeSpan.FromSeconds(2)))
                .AfterSpeech(turn => turn
                    .Transcript("my name is ada lovelace, my email is ada at example dot com and my phone is four one five two three four five six seven eight")
                    .CallFunction("save_contact", SaveArguments)
                    .ThenSay(Confirmation));
        }

        return server;
    }
}
