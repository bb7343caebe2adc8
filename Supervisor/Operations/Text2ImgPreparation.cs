using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Operations;

/// <summary>A validated text2img request ready to queue, or the field that refused it and why.</summary>
public sealed record Text2ImgPreparation(GenerationParameters? Parameters, string? Field, string? Error)
{
    public bool Accepted => Error is null;
}
