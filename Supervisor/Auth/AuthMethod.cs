namespace SdSupervised.Supervisor.Auth;

/// <summary>How clients prove who they are (<c>--auth</c>, <c>Sds:Auth:Method</c>).</summary>
public enum AuthMethod
{
    /// <summary>Every request is the administrator: the seed's open server, for 127.0.0.1.</summary>
    None,
    ApiKey,
    Jwt,
    Unix,
    Pam,
    /// <summary>Anyone may use the API as a guest within the guest limits; credentials give the principal's role.</summary>
    Optional,
}
