namespace SdSupervised.IntegrationTests.Native;

/// <summary>Real-library tests share one set of generated models and run one at a time (each worker uses every core).</summary>
[CollectionDefinition(Name)]
public sealed class NativeWorkerCollection : ICollectionFixture<TinyModelsFixture>
{
    public const string Name = "native library";
}
