namespace SdSupervised.Contracts;

/// <summary>PhotoMaker inputs of one generation (the library's <c>sd_pm_params_t</c>).</summary>
public sealed record PhotoMakerSpec
{
    /// <summary>Photos of the person; the prompt names them with the trigger word (<c>img</c>).</summary>
    public RawImage[] IdImages { get; init; } = [];
    /// <summary>PhotoMaker v2's ID-embedding file (absolute path); null for v1.</summary>
    public string? IdEmbedPath { get; init; }
    /// <summary>0..100, how late the identity is merged in; null: the library's default (20).</summary>
    public float? StyleStrength { get; init; }
}
