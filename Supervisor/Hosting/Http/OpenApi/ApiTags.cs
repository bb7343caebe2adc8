namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// The OpenAPI tag (area) of a route, from its path alone, so endpoints added later land in the right group
/// without declaring anything.
/// </summary>
public static class ApiTags
{
    public const string Generate = "generate";
    public const string Queue = "queue";
    public const string Models = "models";
    public const string Workers = "workers";
    public const string System = "system";
    public const string Events = "events";
    public const string Image = "image";
    public const string A1111 = "a1111";
    public const string OpenAi = "openai";

    /// <summary>The known areas with a line each, in the order the docs list them.</summary>
    public static IReadOnlyList<(string Name, string Description)> Known { get; } =
    [
        (Generate, "Queue image generation jobs; samplers, schedulers and parameter limits."),
        (Queue, "Job status, progress, cancellation and outputs."),
        (Models, "The model catalog: listing, detection, loading, hashing, conversion."),
        (Workers, "Worker processes (one per GPU): state, drain, enable, restart."),
        (System, "Health, status, version, configuration and host information."),
        (Events, "Server-sent events for job and worker changes."),
        (Image, "Image utilities."),
        (A1111, "AUTOMATIC1111-compatible API (/sdapi/v1)."),
        (OpenAi, "OpenAI-compatible images API (/v1)."),
    ];

    private static readonly Dictionary<string, string> ApiAreas = new(StringComparer.OrdinalIgnoreCase)
    {
        ["generate"] = Generate, ["validate"] = Generate, ["estimate"] = Generate, ["samplers"] = Generate, ["schedulers"] = Generate, ["parameters"] = Generate,
        ["queue"] = Queue, ["jobs"] = Queue, ["job"] = Queue,
        ["models"] = Models,
        ["workers"] = Workers,
        ["system"] = System, ["status"] = System, ["health"] = System, ["version"] = System, ["config"] = System,
        ["events"] = Events,
        ["image"] = Image, ["images"] = Image,
    };

    public static string For(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return System;
        var first = segments[0].ToLowerInvariant();
        // Gradio's root /queue/status belongs to the A1111 family that serves it.
        if (first is "sdapi" or "queue") return A1111;
        if (first == "v1") return OpenAi;
        if (first != "api") return System;
        // A job's or the server's event stream belongs with the other streams, whatever it hangs under.
        if (segments[^1].Equals("events", StringComparison.OrdinalIgnoreCase)) return Events;
        // /api/v1/<area> is the seed's versioned alias of /api/<area>.
        var index = segments.Length > 2 && segments[1].Equals("v1", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
        if (index >= segments.Length) return System;
        var area = segments[index];
        return ApiAreas.TryGetValue(area, out var tag) ? tag : area.ToLowerInvariant();
    }
}
