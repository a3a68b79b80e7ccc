using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Tests.Stores;

public class InMemoryContactRepositoryContractTests : ContactRepositoryContractTests
{
    protected override Task<IContactRepository> CreateRepositoryAsync() => Task.FromResult<IContactRepository>(new InMemoryContactRepository());
}
