namespace SdSupervised.Tests.Observability;

/// <summary>
/// Tracing tests listen to process-wide activity sources: run alone, so no other test's jobs make spans while one
/// listens, and no listener of theirs is alive while another proves that nothing listens.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "tracing";
}
