using SdSupervised.Contracts;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

/// <summary>The classifier on stderr tails shaped like what ggml, CUDA and stable-diffusion.cpp really print.</summary>
public sealed class FailureClassifierTests
{
    private const string AssertLine = "/src/ggml/src/ggml.c:1712: GGML_ASSERT(ctx->mem_buffer != NULL) failed";

    private static readonly string[] SamplingTail =
    [
        "[INFO ] stable-diffusion.cpp:2107 - sampling using Euler A method",
        "[INFO ] stable-diffusion.cpp:2189 - generating image: 1/1 - seed 42",
        "  |=====>                                            | 2/20 - 1.87it/s",
    ];

    private static readonly string[] CudaOomBlock =
    [
        "CUDA error: out of memory",
        "  current device: 0, in function alloc at /src/ggml/src/ggml-cuda/ggml-cuda.cu:472",
        "  cudaMalloc((void **) &ptr, look_ahead_size)",
        "/src/ggml/src/ggml-cuda/ggml-cuda.cu:88: CUDA error",
    ];

    private static readonly string[] IllegalAccessBlock =
    [
        "CUDA error: an illegal memory access was encountered",
        "  current device: 0, in function ggml_backend_cuda_synchronize at /src/ggml/src/ggml-cuda/ggml-cuda.cu:2628",
        "  cudaStreamSynchronize(cuda_ctx->stream())",
        "/src/ggml/src/ggml-cuda/ggml-cuda.cu:88: CUDA error",
    ];

    private static WorkerExitEvidence Crash(int? exitCode, IEnumerable<string> lines, WorkerActivity activity = WorkerActivity.Generating) => new()
    {
        ExitCode = exitCode,
        LastLines = [.. lines],
        HandshakeCompleted = true,
        Activity = activity,
    };

    private static string[] Tail(params string[] last) => [.. SamplingTail, .. last];

    public static TheoryData<string, WorkerExitEvidence, FailureKind> KindCases => new()
    {
        { "SIGSEGV", Crash(139, SamplingTail), FailureKind.Segfault },
        { "GGML_ASSERT then SIGABRT", Crash(134, Tail(AssertLine)), FailureKind.NativeAbort },
        { "ggml CUDA OOM block then SIGABRT", Crash(134, Tail(CudaOomBlock)), FailureKind.CudaOutOfMemory },
        { "ggml CUDA illegal access then SIGABRT", Crash(134, Tail(IllegalAccessBlock)), FailureKind.CudaError },
        {
            "cudaMalloc failed in buffer allocation",
            Crash(134, Tail("ggml_backend_cuda_buffer_type_alloc_buffer: allocating 1024.00 MiB on device 0: cudaMalloc failed: out of memory")),
            FailureKind.CudaOutOfMemory
        },
        {
            "failed to allocate CUDA0 buffer",
            Crash(134, Tail("ggml_gallocr_reserve_n: failed to allocate CUDA0 buffer of size 1073741824")),
            FailureKind.CudaOutOfMemory
        },
        {
            "OOM seen in sd.cpp log prefixes, then a segfault",
            Crash(139, Tail(
                "[ERROR] ggml_extend.hpp:75   - ggml_backend_cuda_buffer_type_alloc_buffer: allocating 2304.00 MiB on device 0: cudaMalloc failed: out of memory",
                "[ERROR] ggml_extend.hpp:75   - ggml_gallocr_reserve_n: failed to allocate CUDA0 buffer of size 2415919104")),
            FailureKind.CudaOutOfMemory
        },
        { "CUBLAS allocation failure", Crash(134, Tail("CUDA error: CUBLAS_STATUS_ALLOC_FAILED")), FailureKind.CudaOutOfMemory },
        { "SIGKILL we did not send", Crash(137, SamplingTail), FailureKind.Killed },
        { "exit code 3", Crash(3, SamplingTail), FailureKind.UnexpectedExit },
        { "exit code 0 nobody asked for", Crash(0, SamplingTail), FailureKind.UnexpectedExit },
        { "SIGTERM we did not send", Crash(143, SamplingTail), FailureKind.UnexpectedExit },
        { "unknown exit status", Crash(null, []), FailureKind.UnexpectedExit },
        { "SIGBUS", Crash(135, SamplingTail), FailureKind.Segfault },
        { "SIGILL", Crash(132, SamplingTail), FailureKind.Segfault },
        { "SIGFPE", Crash(136, SamplingTail), FailureKind.Segfault },
    };

    [Theory]
    [MemberData(nameof(KindCases))]
    public void Crash_after_handshake_is_classified_by_signal_and_stderr(string scenario, WorkerExitEvidence evidence, FailureKind expected)
    {
        var failure = FailureClassifier.Classify(evidence);

        Assert.NotNull(failure);
        Assert.True(expected == failure.Kind, $"{scenario}: expected {expected}, got {failure.Kind} ({failure.Message})");
    }

    [Fact]
    public void Segfault_names_the_signal_and_the_last_output_line()
    {
        var failure = FailureClassifier.Classify(Crash(139, SamplingTail))!;

        Assert.Equal(FailureKind.Segfault, failure.Kind);
        Assert.Contains("SIGSEGV", failure.Message);
        Assert.Contains("while generating", failure.Message);
        Assert.Contains("2/20", failure.Message);
    }

    [Fact]
    public void Native_abort_quotes_the_GGML_ASSERT_line()
    {
        var failure = FailureClassifier.Classify(Crash(134, Tail(AssertLine, "", "   ")))!;

        Assert.Equal(FailureKind.NativeAbort, failure.Kind);
        Assert.Contains("SIGABRT", failure.Message);
        Assert.Contains(AssertLine, failure.Message);
    }

    [Fact]
    public void Native_abort_prefers_the_assert_line_over_later_output()
    {
        var failure = FailureClassifier.Classify(Crash(134, Tail(AssertLine, "[WARN ] something printed after the assert")))!;

        Assert.Equal(FailureKind.NativeAbort, failure.Kind);
        Assert.Contains(AssertLine, failure.Message);
        Assert.DoesNotContain("something printed after", failure.Message);
    }

    [Fact]
    public void Native_abort_without_an_assert_line_falls_back_to_the_last_line()
    {
        var failure = FailureClassifier.Classify(Crash(134, Tail("terminate called after throwing an instance of 'std::bad_alloc'")))!;

        Assert.Equal(FailureKind.NativeAbort, failure.Kind);
        Assert.Contains("std::bad_alloc", failure.Message);
    }

    [Fact]
    public void Cuda_out_of_memory_wins_over_SIGABRT_and_quotes_the_error_line()
    {
        var failure = FailureClassifier.Classify(Crash(134, Tail(CudaOomBlock)))!;

        Assert.Equal(FailureKind.CudaOutOfMemory, failure.Kind);
        Assert.Contains("CUDA error: out of memory", failure.Message);
        Assert.Contains("while generating", failure.Message);
        Assert.DoesNotContain("SIGABRT", failure.Message);
    }

    [Fact]
    public void Cuda_out_of_memory_quotes_the_cudaMalloc_line()
    {
        const string line = "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 1024.00 MiB on device 0: cudaMalloc failed: out of memory";
        var failure = FailureClassifier.Classify(Crash(134, Tail(line, "ggml_gallocr_reserve_n: failed to allocate CUDA0 buffer of size 1073741824")))!;

        Assert.Equal(FailureKind.CudaOutOfMemory, failure.Kind);
        Assert.Contains(line, failure.Message);
    }

    [Fact]
    public void Cuda_error_message_has_the_specific_line_and_the_device_detail_not_the_trailing_abort_line()
    {
        var failure = FailureClassifier.Classify(Crash(134, Tail(IllegalAccessBlock)))!;

        Assert.Equal(FailureKind.CudaError, failure.Kind);
        Assert.Contains("CUDA error: an illegal memory access was encountered", failure.Message);
        Assert.Contains("current device: 0, in function ggml_backend_cuda_synchronize", failure.Message);
        Assert.DoesNotContain("ggml-cuda.cu:88: CUDA error", failure.Message);
        Assert.Contains("while generating", failure.Message);
    }

    [Fact]
    public void Cuda_error_uses_the_last_block_when_there_are_several()
    {
        var lines = Tail([.. IllegalAccessBlock, "[INFO ] retrying", "[INFO ] more output", "[INFO ] even more", "[INFO ] and more",
            "CUDA error: unspecified launch failure",
            "  current device: 1, in function ggml_cuda_op_mul_mat at /src/ggml/src/ggml-cuda/ggml-cuda.cu:1650",
            "  cudaGetLastError()",
            "/src/ggml/src/ggml-cuda/ggml-cuda.cu:88: CUDA error"]);

        var failure = FailureClassifier.Classify(Crash(134, lines))!;

        Assert.Equal(FailureKind.CudaError, failure.Kind);
        Assert.Contains("unspecified launch failure", failure.Message);
        Assert.Contains("current device: 1", failure.Message);
        Assert.DoesNotContain("illegal memory access", failure.Message);
    }

    [Fact]
    public void Sigkill_not_sent_by_us_is_Killed_and_hints_at_the_oom_killer()
    {
        var failure = FailureClassifier.Classify(Crash(137, SamplingTail))!;

        Assert.Equal(FailureKind.Killed, failure.Kind);
        Assert.Contains("SIGKILL", failure.Message);
        Assert.Contains("OOM killer", failure.Message);
    }

    [Fact]
    public void Hang_kill_is_a_Hang_with_our_detail()
    {
        const string detail = "no progress for 120 s while generating (last progress: Sampling step 3/20)";
        var evidence = Crash(137, SamplingTail) with { KilledBy = KillReason.Hang, KillDetail = detail };

        var failure = FailureClassifier.Classify(evidence)!;

        Assert.Equal(FailureKind.Hang, failure.Kind);
        Assert.Equal(detail, failure.Message);
    }

    [Fact]
    public void Hang_kill_without_detail_still_says_what_happened()
    {
        var failure = FailureClassifier.Classify(Crash(137, []) with { KilledBy = KillReason.Hang })!;

        Assert.Equal(FailureKind.Hang, failure.Kind);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
    }

    [Theory]
    [InlineData(KillReason.Cancel)]
    [InlineData(KillReason.Stop)]
    [InlineData(KillReason.Restart)]
    public void Kills_we_asked_for_are_not_failures(KillReason reason)
    {
        Assert.Null(FailureClassifier.Classify(Crash(137, Tail(CudaOomBlock)) with { KilledBy = reason }));
        Assert.Null(FailureClassifier.Classify(Crash(143, SamplingTail) with { KilledBy = reason }));
    }

    [Fact]
    public void Exit_code_3_is_an_unexpected_exit_naming_the_code()
    {
        var failure = FailureClassifier.Classify(Crash(3, ["injected fault: exit(3)"]))!;

        Assert.Equal(FailureKind.UnexpectedExit, failure.Kind);
        Assert.Contains("code 3", failure.Message);
        Assert.Contains("injected fault: exit(3)", failure.Message);
    }

    [Fact]
    public void Clean_exit_after_handshake_that_nobody_asked_for_is_unexpected()
    {
        var failure = FailureClassifier.Classify(Crash(0, [], WorkerActivity.Idle))!;

        Assert.Equal(FailureKind.UnexpectedExit, failure.Kind);
        Assert.Contains("code 0", failure.Message);
        Assert.Contains("while idle", failure.Message);
    }

    [Fact]
    public void Other_signal_is_unexpected_and_named()
    {
        var failure = FailureClassifier.Classify(Crash(143, SamplingTail))!;

        Assert.Equal(FailureKind.UnexpectedExit, failure.Kind);
        Assert.Contains("SIGTERM", failure.Message);
    }

    [Theory]
    [InlineData(WorkerActivity.Generating, "while generating")]
    [InlineData(WorkerActivity.LoadingModel, "while loading a model")]
    [InlineData(WorkerActivity.Idle, "while idle")]
    public void Message_says_what_the_worker_was_doing(WorkerActivity activity, string expected)
    {
        Assert.Contains(expected, FailureClassifier.Classify(Crash(139, SamplingTail, activity))!.Message);
        Assert.Contains(expected, FailureClassifier.Classify(Crash(134, Tail(AssertLine), activity))!.Message);
        Assert.Contains(expected, FailureClassifier.Classify(Crash(134, Tail(CudaOomBlock), activity))!.Message);
        Assert.Contains(expected, FailureClassifier.Classify(Crash(134, Tail(IllegalAccessBlock), activity))!.Message);
        Assert.Contains(expected, FailureClassifier.Classify(Crash(137, SamplingTail, activity))!.Message);
        Assert.Contains(expected, FailureClassifier.Classify(Crash(3, SamplingTail, activity))!.Message);
    }

    [Fact]
    public void Startup_error_line_before_handshake_is_a_startup_failure_with_its_text()
    {
        var evidence = new WorkerExitEvidence
        {
            ExitCode = 2,
            LastLines = ["some earlier noise", WorkerProtocol.StartupErrorPrefix + "unknown engine 'bogus'", "exiting"],
            Activity = WorkerActivity.Starting,
        };

        var failure = FailureClassifier.Classify(evidence)!;

        Assert.Equal(FailureKind.StartupFailure, failure.Kind);
        Assert.Equal("unknown engine 'bogus'", failure.Message);
    }

    [Fact]
    public void Startup_error_prefix_is_the_one_the_worker_prints()
    {
        Assert.Equal("SDS-STARTUP-ERROR: ", WorkerProtocol.StartupErrorPrefix);
    }

    [Fact]
    public void Segfault_before_handshake_is_a_startup_failure_mentioning_SIGSEGV()
    {
        var evidence = new WorkerExitEvidence { ExitCode = 139, LastLines = ["loading libstable-diffusion.so"] };

        var failure = FailureClassifier.Classify(evidence)!;

        Assert.Equal(FailureKind.StartupFailure, failure.Kind);
        Assert.Contains("SIGSEGV", failure.Message);
        Assert.Contains("handshake", failure.Message);
        Assert.Contains("loading libstable-diffusion.so", failure.Message);
    }

    [Fact]
    public void Cuda_error_before_handshake_is_a_startup_failure_quoting_it()
    {
        var evidence = new WorkerExitEvidence { ExitCode = 134, LastLines = [.. IllegalAccessBlock] };

        var failure = FailureClassifier.Classify(evidence)!;

        Assert.Equal(FailureKind.StartupFailure, failure.Kind);
        Assert.Contains("SIGABRT", failure.Message);
        Assert.Contains("an illegal memory access was encountered", failure.Message);
    }

    [Fact]
    public void Exit_code_before_handshake_is_a_startup_failure_naming_the_code()
    {
        var failure = FailureClassifier.Classify(new WorkerExitEvidence { ExitCode = 1, LastLines = ["Unhandled exception. System.DllNotFoundException"] })!;

        Assert.Equal(FailureKind.StartupFailure, failure.Kind);
        Assert.Contains("code 1", failure.Message);
        Assert.Contains("DllNotFoundException", failure.Message);
    }

    [Fact]
    public void Launch_error_is_a_startup_failure_with_it()
    {
        const string error = "worker executable '/opt/sds/worker/sds-worker' not found";
        var evidence = new WorkerExitEvidence { LaunchError = error };

        var failure = FailureClassifier.Classify(evidence)!;

        Assert.Equal(FailureKind.StartupFailure, failure.Kind);
        Assert.Equal(error, failure.Message);
    }

    [Fact]
    public void Handshake_timeout_is_a_startup_failure_with_the_detail_and_last_line()
    {
        var evidence = new WorkerExitEvidence
        {
            ExitCode = 137,
            KilledBy = KillReason.HandshakeTimeout,
            KillDetail = "no handshake within 30 s",
            LastLines = ["waiting for the pipe", "   "],
        };

        var failure = FailureClassifier.Classify(evidence)!;

        Assert.Equal(FailureKind.StartupFailure, failure.Kind);
        Assert.Contains("no handshake within 30 s", failure.Message);
        Assert.Contains("waiting for the pipe", failure.Message);
    }

    [Fact]
    public void Handshake_timeout_without_detail_or_output_still_explains()
    {
        var failure = FailureClassifier.Classify(new WorkerExitEvidence { KilledBy = KillReason.HandshakeTimeout })!;

        Assert.Equal(FailureKind.StartupFailure, failure.Kind);
        Assert.Contains("handshake", failure.Message);
    }

    [Fact]
    public void Null_evidence_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => FailureClassifier.Classify(null!));
    }

    [Theory]
    [InlineData(4, "SIGILL")]
    [InlineData(6, "SIGABRT")]
    [InlineData(7, "SIGBUS")]
    [InlineData(8, "SIGFPE")]
    [InlineData(9, "SIGKILL")]
    [InlineData(11, "SIGSEGV")]
    [InlineData(15, "SIGTERM")]
    [InlineData(13, "signal 13")]
    public void Signal_names(int signal, string name)
    {
        Assert.Equal(name, FailureClassifier.SignalName(signal));
    }

    [Theory]
    [InlineData(FailureKind.Segfault, true)]
    [InlineData(FailureKind.NativeAbort, true)]
    [InlineData(FailureKind.CudaOutOfMemory, true)]
    [InlineData(FailureKind.CudaError, true)]
    [InlineData(FailureKind.Hang, true)]
    [InlineData(FailureKind.Killed, true)]
    [InlineData(FailureKind.UnexpectedExit, true)]
    [InlineData(FailureKind.StartupFailure, false)]
    [InlineData(FailureKind.ModelLoadFailure, false)]
    [InlineData(FailureKind.GenerationFailed, false)]
    public void Crash_kinds_are_the_ones_that_kill_the_worker(FailureKind kind, bool isCrash)
    {
        Assert.Equal(isCrash, new WorkerFailure(kind, "x").IsCrash);
    }
}
