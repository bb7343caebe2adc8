namespace SdSupervised.Worker.Faults;

/// <summary>
/// The stderr lines ggml prints when it dies, in its exact shape (ggml_abort / GGML_ASSERT, and
/// ggml_cuda_error in ggml-cuda.cu), so the supervisor's classifier is tested against the real thing.
/// </summary>
public static class GgmlFailureText
{
    public static readonly IReadOnlyList<string> Assert =
    [
        "/src/ggml/src/ggml.c:1712: GGML_ASSERT(ctx->mem_buffer != NULL) failed",
    ];

    public static readonly IReadOnlyList<string> CudaOutOfMemory =
    [
        "CUDA error: out of memory",
        "  current device: 0, in function alloc at /src/ggml/src/ggml-cuda/ggml-cuda.cu:472",
        "  cudaMalloc((void **) &ptr, look_ahead_size)",
        "/src/ggml/src/ggml-cuda/ggml-cuda.cu:88: CUDA error",
    ];

    public static readonly IReadOnlyList<string> CudaIllegalAddress =
    [
        "CUDA error: an illegal memory access was encountered",
        "  current device: 0, in function ggml_backend_cuda_synchronize at /src/ggml/src/ggml-cuda/ggml-cuda.cu:2589",
        "  cudaStreamSynchronize(cuda_ctx->stream())",
        "/src/ggml/src/ggml-cuda/ggml-cuda.cu:88: CUDA error",
    ];
}
