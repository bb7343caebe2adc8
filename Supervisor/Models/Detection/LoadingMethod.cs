namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>How the native context takes a model file: sd_ctx_params' <c>model_path</c> or <c>diffusion_model_path</c>.</summary>
public enum LoadingMethod
{
    /// <summary>Not loadable on its own: a companion or an add-on.</summary>
    None,
    /// <summary>A full checkpoint (UNet family, or an all-in-one DiT file with <c>model.diffusion_model.</c> names).</summary>
    ModelPath,
    /// <summary>Standalone diffusion weights; text encoders and VAE come as separate files.</summary>
    DiffusionModelPath,
}
