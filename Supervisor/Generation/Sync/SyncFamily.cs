namespace SdSupervised.Supervisor.Generation.Sync;

/// <summary>
/// The client families with a submit-and-wait call. Each has its own default <see cref="DisconnectPolicy"/>, used
/// when <c>Sds:Sync:OnDisconnect</c> is not set (see <see cref="SyncFamilies.DefaultPolicy"/>).
/// </summary>
public enum SyncFamily
{
    /// <summary><c>POST /api/v1/generate</c>: keeps the job (<c>GET /api/v1/generate/{job_id}</c> fetches it later).</summary>
    Seed,
    /// <summary><c>/sdapi/v1/txt2img</c>, <c>img2img</c>, <c>extra-single-image</c>: keeps the job, as A1111 does.</summary>
    A1111,
    /// <summary><c>/v1/images/generations</c> and <c>edits</c>: cancels the job (no way to fetch it later).</summary>
    OpenAI,
}

public static class SyncFamilies
{
    /// <summary>The family's behaviour when no policy is configured.</summary>
    public static DisconnectPolicy DefaultPolicy(SyncFamily family) => family switch
    {
        SyncFamily.OpenAI => DisconnectPolicy.Cancel,
        _ => DisconnectPolicy.Keep,
    };
}
