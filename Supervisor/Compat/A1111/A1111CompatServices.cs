namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>The A1111 compatibility layer's services (stateless: they only compose the shared ones).</summary>
public static class A1111CompatServices
{
    public static IServiceCollection AddA1111Compat(this IServiceCollection services)
    {
        services.AddSingleton<A1111ModelNames>();
        services.AddSingleton<A1111GenerationRunner>();
        services.AddSingleton<A1111Catalog>();
        services.AddSingleton<A1111ProgressReader>();
        services.AddSingleton<A1111Interrupter>();
        services.AddSingleton<A1111OptionsService>();
        services.AddSingleton<A1111Extras>();
        services.AddSingleton<A1111PngInfo>();
        services.AddSingleton<A1111SystemInfo>();
        return services;
    }
}
