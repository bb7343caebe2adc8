namespace SdSupervised.IntegrationTests.Auth;

/// <summary>The unix and pam tests share one set of throwaway accounts, and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class SystemAccountsCollection : ICollectionFixture<SystemAccounts>
{
    public const string Name = "system accounts";
}
