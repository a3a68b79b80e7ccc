using VoiceContacts.Host;

// dotnet run --project samples/VoiceContacts.Host   (configuration: docs/configuration.md)
var app = await VoiceContactsApp.BuildAsync(args);
await app.RunAsync();
