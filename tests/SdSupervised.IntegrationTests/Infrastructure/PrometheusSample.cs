namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>One sample of a scrape.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
