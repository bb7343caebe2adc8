namespace SdSupervised.Supervisor.Outputs;

/// <summary>The content type of an output file by its extension (we only ever write these).</summary>
public static class OutputContentTypes
{
    public static string For(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".mp4" => "video/mp4",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };
}
