namespace SdSupervised.IntegrationTests.Infrastructure;

public sealed record JobFailureView(string? Kind, string? Message, string? WorkerId, string? At);
