namespace SdSupervised.Supervisor.Storage;

public static class StorageServices
{
    /// <summary>The data dir's layout.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => StoragePaths.From(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.SupervisorOptions>>().Value));
        return services;
    }
}
