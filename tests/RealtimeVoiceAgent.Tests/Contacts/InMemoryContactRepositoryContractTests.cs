using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Tests.Contacts;

public class InMemoryContactRepositoryContractTests : ContactRepositoryContractTests
{
    protected override Task<IContactRepository> CreateRepositoryAsync() => Task.FromResult<IContactRepository>(new InMemoryContactRepository());
}
