using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Observability;

public static class ObservabilityServices
{
    /// <summary>
    /// Metrics: the <c>SdSupervised</c> meter, its listeners and gauges, and the OpenTelemetry pipeline that exports them
    /// with ASP.NET Core's request duration on <c>/metrics</c>. After the job store and the event sink are registered:
    /// it wraps both, so the code that calls them stays as it is.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SdsMetrics>();
        services.AddSingleton<GpuUsagePoller>();
        services.AddHostedService(sp => sp.GetRequiredService<GpuUsagePoller>());
        services.AddSingleton<OutputsSizeProbe>();
        services.AddHostedService(sp => sp.GetRequiredService<OutputsSizeProbe>());
        services.AddSingleton<SupervisorGauges>();
        services.AddHostedService<WorkerMetricsListener>();

        var journal = Take<IJobEvents>(services);
        services.AddSingleton(sp => new MeteredJobEvents(journal(sp), sp.GetRequiredService<SdsMetrics>()));
        services.AddSingleton<IJobEvents>(sp => sp.GetRequiredService<MeteredJobEvents>());
        var store = Take<IJobStore>(services);
        services.AddSingleton<IJobStore>(sp => new TimedJobStore(store(sp), sp.GetRequiredService<SdsMetrics>(), sp.GetRequiredService<TimeProvider>()));

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sd-supervised"))
            .WithMetrics(metrics => metrics
            .AddMeter(SdsMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary><c>GET /metrics</c> (Prometheus text), public unless <c>Sds:Metrics:RequireAuth</c>; its gauges exist from here on.</summary>
    public static WebApplication MapSupervisorMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<SupervisorGauges>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsOptions.Path);
        if (!options.RequireAuth)
            endpoint.AllowAnonymous();
        else if (options.Role == "admin")
            endpoint.RequireAuthorization(AuthPolicies.User, AuthPolicies.Admin);
        else
            endpoint.RequireAuthorization(AuthPolicies.User);
        return app;
    }

    /// <summary>Removes the one registration of <typeparamref name="T"/> and returns how to build what it built, for a decorator.</summary>
    private static Func<IServiceProvider, T> Take<T>(IServiceCollection services) where T : class
    {
        var descriptor = services.Single(d => d.ServiceType == typeof(T));
        services.Remove(descriptor);
        return descriptor switch
        {
            { ImplementationInstance: T instance } => _ => instance,
            { ImplementationFactory: { } factory } => sp => (T)factory(sp),
            { ImplementationType: { } type } => sp => (T)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException($"cannot decorate the registration of {typeof(T).Name}"),
        };
    }
}
