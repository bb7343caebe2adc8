namespace SdSupervised.Supervisor.Storage;

public static class StorageServices
{
    /// <summary>The free-space guard, job deletion and retention (section <c>Sds:Storage</c> and <c>Sds:Retention</c>).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => StoragePaths.From(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.SupervisorOptions>>().Value));
        services.AddSingleton<StorageGuard>();
        services.AddSingleton<JobDeletion>();
        services.AddSingleton<RetentionTotals>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
