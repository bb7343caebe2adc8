namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>The client families the server speaks to, each with its own error shape.</summary>
public enum ApiFamily
{
    Seed,
    A1111,
    OpenAI,
}
