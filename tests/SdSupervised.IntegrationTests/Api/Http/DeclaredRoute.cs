namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>One HTTP method and route template as declared in the supervisor's source, and where.</summary>
public sealed record DeclaredRoute(string Method, string Path, string Source)
{
    public override string ToString() => $"{Method} {Path}";
}
