namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>One generated request: what it probes, and the bytes that go out.</summary>
public sealed record FuzzCase(string Operation, string What, HttpMethod Method, string Target, byte[]? Body, string? ContentType)
{
    public override string ToString() =>
        $"{Operation} [{What}] {Method} {(Target.Length > 200 ? Target[..200] + "..." : Target)}" +
        (Body is null ? "" : $" ({ContentType}) {System.Text.Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 300)])}");
}
