using SdSupervised.Supervisor.Generation.Sync;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// The synchronous calls (<c>Sds:Sync</c>). <see cref="OnDisconnect"/>: what happens to the job when the client hangs
/// up while waiting, <c>Keep</c> or <c>Cancel</c> for every family; unset (the default) keeps each family's own
/// behaviour: <c>/api/v1/generate</c> and A1111 keep the job, OpenAI cancels it. Any other value stops start-up.
/// </summary>
public sealed class SyncOptions
{
    public DisconnectPolicy? OnDisconnect { get; set; }
}
