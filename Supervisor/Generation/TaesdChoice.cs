namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// The request's <c>taesd</c> before submit resolves it to a catalog id: <see cref="Auto"/> for <c>true</c>, else the
/// name the request gave. "*" cannot be a catalog name a request would give (no file is named that), so it is safe
/// as the marker.
/// </summary>
public static class TaesdChoice
{
    public const string Auto = "*";
}
