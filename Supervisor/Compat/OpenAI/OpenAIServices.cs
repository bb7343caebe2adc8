namespace SdSupervised.Supervisor.Compat.OpenAI;

public static class OpenAIServices
{
    /// <summary>The OpenAI-compatible <c>/v1</c> API's services.</summary>
    public static IServiceCollection AddOpenAICompat(this IServiceCollection services)
    {
        services.AddSingleton<OpenAIImageService>();
        services.AddSingleton<OpenAIModelsService>();
        services.AddSingleton<OpenAIImageFiles>();
        services.AddSingleton<OpenAIEditFormReader>();
        return services;
    }
}
