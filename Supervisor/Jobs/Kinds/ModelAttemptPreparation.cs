using SdSupervised.Contracts;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>
/// What every attempt that generates with a model does before it calls the worker: resolve the model, add the job's
/// companions (VAE, TAESD, PhotoMaker, a Wan 2.2 partner), read its inputs into the worker call, and load the model on
/// the leased worker if it does not hold it. Reading our own files is charged as a storage failure, never the worker's.
/// </summary>
public sealed class ModelAttemptPreparation(IModelResolver models, LeaseModelLoader loader)
{
    /// <summary>The model loaded and the call ready, or why the attempt failed cleanly.</summary>
    public sealed record Prepared<TSpec>(ModelLoadSpec? Load, TSpec? Call, KindOutcome? Failure) where TSpec : class;

    /// <param name="model">The job's model by catalog id (null: the default model).</param>
    /// <param name="companions">Adds the job's companions to the resolved load; its failure is the job's (the worker is not called).</param>
    /// <param name="call">Builds the worker call from the job's stored inputs.</param>
    public async Task<Prepared<TSpec>> PrepareAsync<TSpec>(KindAttempt attempt, string? model,
        Func<ModelLoadSpec, CancellationToken, Task<(ModelLoadSpec? Spec, WorkerFailure? Error)>> companions,
        Func<CancellationToken, Task<(TSpec? Spec, WorkerFailure? Error)>> call,
        CancellationToken cancellationToken) where TSpec : class
    {
        var job = attempt.Job;
        var resolution = await models.ResolveAsync(model, cancellationToken);
        if (resolution.Spec is not { } resolved)
            return Failed<TSpec>(new WorkerFailure(FailureKind.ModelLoadFailure, resolution.Error ?? "the model could not be resolved"), served: false);
        var (load, loadError) = await SupervisorIo.OwnAsync(() => companions(resolved, cancellationToken), $"reading the inputs of job {job.Id}");
        if (loadError is not null)
            return Failed<TSpec>(loadError, served: false);
        var (spec, specError) = await SupervisorIo.OwnAsync(() => call(cancellationToken), $"reading inputs/{job.Id}");
        if (specError is not null)
            return Failed<TSpec>(specError, served: false);
        if (await loader.EnsureLoadedAsync(attempt.Active, attempt.Lease, load!, attempt.Watchdog, cancellationToken) is { } loadFailure)
            return Failed<TSpec>(loadFailure, served: true);
        return new Prepared<TSpec>(load, spec, null);
    }

    private static Prepared<TSpec> Failed<TSpec>(WorkerFailure failure, bool served) where TSpec : class =>
        new(null, null, KindOutcome.Failed(failure, served));
}
