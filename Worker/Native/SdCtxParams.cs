namespace SdSupervised.Worker.Native;

/// <summary>
/// <c>sd_ctx_params_t</c> at the pinned tag (280 bytes on x86-64; the layout test holds every offset).
/// Filled by <c>sd_ctx_params_init</c>, then only the members a load asks for are overridden. Enum
/// members are ints; <see cref="EmbeddingCount"/> is a <c>uint32_t</c>.
/// </summary>
public unsafe struct SdCtxParams
{
    public byte* ModelPath;
    public byte* ClipLPath;
    public byte* ClipGPath;
    public byte* ClipVisionPath;
    public byte* T5xxlPath;
    public byte* LlmPath;
    public byte* LlmVisionPath;
    public byte* DiffusionModelPath;
    public byte* HighNoiseDiffusionModelPath;
    public byte* UncondDiffusionModelPath;
    public byte* EmbeddingsConnectorsPath;
    public byte* VaePath;
    public byte* AudioVaePath;
    public byte* TaesdPath;
    public byte* ControlNetPath;
    public byte* IpAdapterPath;
    public byte* MotionModulePath;
    public SdEmbedding* Embeddings;
    public uint EmbeddingCount;
    public byte* PhotoMakerPath;
    public byte* PulidWeightsPath;
    public byte* TensorTypeRules;
    public int NThreads;
    /// <summary><c>sd_type_t</c>; <c>SD_TYPE_COUNT</c> = the file's own types.</summary>
    public int WeightType;
    public int RngType;
    public int SamplerRngType;
    public int Prediction;
    public int LoraApplyMode;
    public CBool EnableMmap;
    public CBool FlashAttn;
    public CBool DiffusionFlashAttn;
    public CBool TaePreviewOnly;
    public CBool DiffusionConvDirect;
    public CBool VaeConvDirect;
    public CBool ForceSdxlVaeConvScale;
    /// <summary><c>sd_vae_format_t</c>; AUTO is -1.</summary>
    public int VaeFormat;
    public byte* MaxVram;
    public CBool StreamLayers;
    public CBool EagerLoad;
    /// <summary>Runtime backend assignment, e.g. <c>cuda0</c>, <c>cpu</c>, <c>te=cpu,cuda0</c>.</summary>
    public byte* Backend;
    /// <summary>Where the weights live, e.g. <c>*=cpu</c> to keep them in RAM.</summary>
    public byte* ParamsBackend;
    public byte* SplitMode;
    public CBool AutoFit;
    public byte* RpcServers;
    public byte* ModelArgs;
}
