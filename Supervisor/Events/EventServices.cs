namespace SdSupervised.Supervisor.Events;

public static class EventServices
{
    /// <summary>STUB: the event journal and the worker-state listener.</summary>
    public static IServiceCollection AddServerEvents(this IServiceCollection services)
    {
        services.AddSingleton<IJobEvents, NullJobEvents>();
        return services;
    }

    private sealed class NullJobEvents : IJobEvents
    {
        public void Queued(Jobs.Job job, int? position) { }
        public void Started(Jobs.Job job) { }
        public void Progress(Jobs.Job job, Jobs.JobProgress progress) { }
        public void Requeued(Jobs.Job job) { }
        public void Finished(Jobs.Job job) { }
    }
}
