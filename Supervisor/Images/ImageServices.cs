using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Images;

public static class ImageServices
{
    /// <summary>Registers the image reader, the SSRF-safe downloader (which owns its HTTP client) and the image utilities.</summary>
    public static IServiceCollection AddImageServices(this IServiceCollection services)
    {
        services.AddSingleton(sp => NetworkAddressPolicy.FromOptions(sp.GetRequiredService<IOptions<SupervisorOptions>>().Value.ImageImport));
        services.AddSingleton<SafeImageDownloader>();
        services.AddSingleton<IImageDownloader>(sp => sp.GetRequiredService<SafeImageDownloader>());
        services.AddSingleton<ImageInputReader>();
        services.AddSingleton<ImageToolService>();
        return services;
    }
}
