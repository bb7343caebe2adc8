namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>Which family a path belongs to: <c>/sdapi</c> and Gradio's <c>/queue</c> are A1111's, <c>/v1</c> OpenAI's.</summary>
public static class ApiFamilies
{
    public static ApiFamily Of(PathString path) =>
        path.StartsWithSegments("/sdapi") || path.StartsWithSegments("/queue") ? ApiFamily.A1111
        : path.StartsWithSegments("/v1") ? ApiFamily.OpenAI
        : ApiFamily.Seed;
}
