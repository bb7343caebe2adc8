namespace SdSupervised.Supervisor.Auth;

/// <summary>One route as the running server protects it: <c>public</c>, <c>user</c> (any principal), <c>admin</c>, or <c>authenticated</c>.</summary>
public sealed record RoutePolicy(string Method, string Path, string Policy);
