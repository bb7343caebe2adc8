using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Observability;

public static class ObservabilityServices
{
    /// <summary>
    /// Metrics: the <c>SdSupervised</c> meter, its listeners and gauges, and the OpenTelemetry pipeline that exports them
    /// with ASP.NET Core's request duration on <c>/metrics</c>. After the job store and the event sink are registered:
    /// it wraps both, so the code that calls them stays as it is. Tracing (<see cref="TracingOptions"/>) is registered
    /// only when configured: off, nothing listens to <see cref="SdsTracing.Source"/> and no span is ever created.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TracingOptions>()
            .BindConfiguration(TracingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
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

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sd-supervised"))
            .WithMetrics(metrics => metrics
            .AddMeter(SdsMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        // Read here, not from IOptions: whether a tracer exists is decided while registering. An invalid endpoint
        // registers none, and ValidateOnStart stops the service with its message.
        var tracing = configuration.GetSection(TracingOptions.SectionName).Get<TracingOptions>() ?? new TracingOptions();
        if (tracing.Enabled && TracingOptions.IsHttpUrl(tracing.OtlpEndpoint!))
            telemetry.WithTracing(t => AddTracing(t, tracing));
        return services;
    }

    private static void AddTracing(TracerProviderBuilder builder, TracingOptions tracing) => builder
        .AddSource(SdsTracing.SourceName)
        // Submits start traces; status and event pollers (GETs) would bury them, so only other methods are traced.
        .AddAspNetCoreInstrumentation(o => o.Filter = http => !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(tracing.SamplingRatio)))
        .AddOtlpExporter(o =>
        {
            o.Endpoint = new Uri(tracing.OtlpEndpoint!);
            o.Protocol = tracing.UsesHttp ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        });

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
