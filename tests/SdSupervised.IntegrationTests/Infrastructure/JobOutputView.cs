namespace SdSupervised.IntegrationTests.Infrastructure;

public sealed record JobOutputView(string? Filename, string? Url, long? Seed, int? Width, int? Height);
