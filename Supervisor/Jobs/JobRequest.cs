using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// What a job was asked to do, after validation: one closed family of request types, one per kind of work, each with
/// its own runner (<see cref="IJobKindRunner"/>). Stored as one JSON document whose <c>kind</c> names the type, so a
/// job needs no nullable field per kind and no consumer has to trust <see cref="Job.Type"/> to know which one it holds.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(GenerationParameters), JobRequestKinds.Image)]
[JsonDerivedType(typeof(VideoParameters), JobRequestKinds.Video)]
[JsonDerivedType(typeof(UpscaleParameters), JobRequestKinds.Upscale)]
[JsonDerivedType(typeof(ConvertParameters), JobRequestKinds.Convert)]
public abstract record JobRequest
{
    /// <summary>Closed: only the request types of this assembly derive from it.</summary>
    private protected JobRequest()
    {
    }

    /// <summary>
    /// Who submitted it (user, key or guest name); null when authentication is off, and for model conversions, which only
    /// admins start. Kept in the stored request, so the job store needs no column for it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Owner { get; init; }

    /// <summary>The job types this request can be stored under (an image request is text2img, img2img, inpainting or ControlNet).</summary>
    public abstract bool Fits(JobType type);

    /// <summary>What ran out of memory, in words that follow "out of GPU memory" ("at 512x512 (batch 2)", "upscaling 512x512").</summary>
    public abstract string OutOfMemoryContext();

    /// <summary>What the user can change so it fits; null when nothing in the request would help.</summary>
    public virtual string? OutOfMemoryAdvice() => null;
}

/// <summary>The <c>kind</c> names of <see cref="JobRequest"/> in stored JSON.</summary>
public static class JobRequestKinds
{
    public const string Image = "image";
    public const string Video = "video";
    public const string Upscale = "upscale";
    public const string Convert = "convert";

    /// <summary>The kind a request stored under <paramref name="type"/> has; used to migrate rows written before kinds existed.</summary>
    public static string Of(JobType type) => type switch
    {
        JobType.Video => Video,
        JobType.Upscale => Upscale,
        JobType.Convert => Convert,
        _ => Image,
    };
}
