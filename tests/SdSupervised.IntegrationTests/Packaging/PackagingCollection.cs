namespace SdSupervised.IntegrationTests.Packaging;

/// <summary>The packaging test classes share one publish (the slow part) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackagingFixture>
{
    public const string Name = "packaging";
}
