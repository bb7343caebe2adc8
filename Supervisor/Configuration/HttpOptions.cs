namespace SdSupervised.Supervisor.Configuration;

/// <summary>STUB: HTTP-level settings (<c>Sds:Http</c>): CORS, request ids.</summary>
public sealed class HttpOptions
{
}
