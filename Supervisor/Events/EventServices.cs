namespace SdSupervised.Supervisor.Events;

public static class EventServices
{
    /// <summary>The event journal (the <see cref="IJobEvents"/> sink), the worker-state listener and the SSE stream services.</summary>
    public static IServiceCollection AddServerEvents(this IServiceCollection services)
    {
        services.AddOptions<EventsOptions>()
            .BindConfiguration(EventsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<EventJournal>();
        services.AddSingleton<IJobEvents, JournalJobEvents>();
        services.AddSingleton<EventStreamer>();
        services.AddSingleton<JobEventStreams>();
        services.AddHostedService<WorkerEventsListener>();
        return services;
    }
}
