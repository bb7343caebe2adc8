namespace SdSupervised.Supervisor.Storage;

public static class StorageServices
{
    /// <summary>The data dir's layout and the free-space guard (section <c>Sds:Storage</c>).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => StoragePaths.From(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.SupervisorOptions>>().Value));
        services.AddSingleton<StorageGuard>();
        return services;
    }
}
