namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>The answer of <c>GET /</c>: where to start.</summary>
public sealed record ApiIndex(string Name, string Version, string Docs, string Openapi, string Status, string Health);
