using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Outputs;

public static class VideoServices
{
    /// <summary>Registers the video options (<c>Sds:Video</c>) and the ffmpeg encoder.</summary>
    public static IServiceCollection AddVideoEncoding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VideoOptions>()
            .Bind(configuration.GetSection(VideoOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IVideoEncoder, FfmpegVideoEncoder>();
        services.AddSingleton<AnimatedGifEncoder>();
        services.AddSingleton<VideoOutputWriter>();
        return services;
    }
}
