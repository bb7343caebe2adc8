namespace SdSupervised.Supervisor.Auth;

/// <summary>
/// Who is submitting, for the services every API family submits through (owner, guest and per-principal limits): each
/// family's endpoint would otherwise have to thread the principal through its own mapping code.
/// </summary>
public interface IRequester
{
    /// <summary>The principal of the request being served, or null outside a request (and on public routes without credentials).</summary>
    AuthPrincipal? Current { get; }
}
