namespace SdSupervised.Supervisor.Images;

public static class ImageServices
{
    /// <summary>STUB: registers the image reader, the SSRF-safe downloader and their HTTP client.</summary>
    public static IServiceCollection AddImageServices(this IServiceCollection services)
    {
        services.AddSingleton<ImageInputReader>();
        return services;
    }
}
