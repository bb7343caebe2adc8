using System.Text.RegularExpressions;
using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Turns how a worker ended (exit status, last output lines, what we did to it) into a <see cref="WorkerFailure"/>,
/// or null when the exit was one we asked for. Pure and table-tested on captured native output.
/// CUDA evidence wins over the signal: ggml reports CUDA errors and then calls abort().
/// </summary>
public static partial class FailureClassifier
{
    private const int SigIll = 4, SigAbrt = 6, SigBus = 7, SigFpe = 8, SigKill = 9, SigSegv = 11, SigTerm = 15;

    [GeneratedRegex(@"CUDA error: out of memory|cudaMalloc failed: out of memory|failed to allocate CUDA\d* buffer|ggml_backend_cuda_buffer_type_alloc_buffer: allocating .* failed|CUBLAS_STATUS_ALLOC_FAILED|cudaErrorMemoryAllocation", RegexOptions.IgnoreCase)]
    private static partial Regex CudaOutOfMemoryPattern();

    [GeneratedRegex(@"CUDA error|CUBLAS_STATUS_|cudaError[A-Za-z]+")]
    private static partial Regex CudaErrorPattern();

    [GeneratedRegex(@"GGML_ASSERT\(.*\) failed|GGML_ABORT|ggml_abort")]
    private static partial Regex AssertPattern();

    public static WorkerFailure? Classify(WorkerExitEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        switch (evidence.KilledBy)
        {
            case KillReason.Stop or KillReason.Restart or KillReason.Recycle or KillReason.Cancel:
                return null;
            case KillReason.Hang:
                return new WorkerFailure(FailureKind.Hang, evidence.KillDetail ?? "worker stopped responding and was killed");
            case KillReason.HandshakeTimeout:
                return new WorkerFailure(FailureKind.StartupFailure,
                    Join(evidence.KillDetail ?? "worker did not complete its handshake in time", LastMeaningfulLine(evidence.LastLines)));
        }

        if (evidence.LaunchError is { } launchError)
            return new WorkerFailure(FailureKind.StartupFailure, launchError);

        var cudaOom = LastMatch(evidence.LastLines, CudaOutOfMemoryPattern());
        var cudaError = cudaOom is null ? LastMatch(evidence.LastLines, CudaErrorPattern()) : null;
        var signal = evidence.ExitCode is > 128 and < 160 ? evidence.ExitCode - 128 : null;
        var doing = Describe(evidence.Activity);

        if (!evidence.HandshakeCompleted)
        {
            var startupLine = evidence.LastLines.LastOrDefault(l => l.StartsWith(WorkerProtocol.StartupErrorPrefix, StringComparison.Ordinal));
            if (startupLine is not null)
                return new WorkerFailure(FailureKind.StartupFailure, startupLine[WorkerProtocol.StartupErrorPrefix.Length..].Trim());
            var how = signal is { } s ? $"was killed by {SignalName(s)}" : $"exited with code {evidence.ExitCode?.ToString() ?? "?"}";
            return new WorkerFailure(FailureKind.StartupFailure,
                Join($"worker {how} before completing its handshake", cudaOom ?? cudaError ?? LastMeaningfulLine(evidence.LastLines)));
        }

        if (cudaOom is not null)
            return new WorkerFailure(FailureKind.CudaOutOfMemory, $"CUDA out of memory {doing}: {cudaOom}");
        if (cudaError is not null)
            return new WorkerFailure(FailureKind.CudaError, Join($"CUDA error {doing}", CudaDetail(evidence.LastLines, cudaError)));

        return signal switch
        {
            SigSegv => new WorkerFailure(FailureKind.Segfault, Join($"worker crashed with SIGSEGV {doing}", LastMeaningfulLine(evidence.LastLines))),
            SigAbrt => new WorkerFailure(FailureKind.NativeAbort,
                Join($"native abort (SIGABRT) {doing}", LastMatch(evidence.LastLines, AssertPattern()) ?? LastMeaningfulLine(evidence.LastLines))),
            SigKill => new WorkerFailure(FailureKind.Killed,
                $"worker was killed by SIGKILL {doing}, not by the supervisor (the kernel's OOM killer or an operator?)"),
            SigBus or SigIll or SigFpe => new WorkerFailure(FailureKind.Segfault, Join($"worker crashed with {SignalName(signal.Value)} {doing}", LastMeaningfulLine(evidence.LastLines))),
            { } other => new WorkerFailure(FailureKind.UnexpectedExit, $"worker was killed by {SignalName(other)} {doing}"),
            null => new WorkerFailure(FailureKind.UnexpectedExit,
                Join($"worker exited with code {evidence.ExitCode?.ToString() ?? "?"} {doing}", LastMeaningfulLine(evidence.LastLines))),
        };
    }

    public static string SignalName(int signal) => signal switch
    {
        SigIll => "SIGILL",
        SigAbrt => "SIGABRT",
        SigBus => "SIGBUS",
        SigFpe => "SIGFPE",
        SigKill => "SIGKILL",
        SigSegv => "SIGSEGV",
        SigTerm => "SIGTERM",
        _ => $"signal {signal}",
    };

    private static string Describe(WorkerActivity activity) => activity switch
    {
        WorkerActivity.Generating => "while generating",
        WorkerActivity.LoadingModel => "while loading a model",
        WorkerActivity.Idle => "while idle",
        _ => "while starting",
    };

    /// <summary>The CUDA error line plus ggml's "current device ... in function" line when present.</summary>
    private static string CudaDetail(IReadOnlyList<string> lines, string errorLine)
    {
        var index = -1;
        for (var i = lines.Count - 1; i >= 0; i--)
            if (lines[i].Trim() == errorLine) { index = i; break; }
        if (index >= 0 && index + 1 < lines.Count && lines[index + 1].Contains("current device", StringComparison.Ordinal))
            return $"{errorLine} ({lines[index + 1].Trim()})";
        return errorLine;
    }

    private static string? LastMatch(IReadOnlyList<string> lines, Regex pattern)
    {
        // ggml's error block is "CUDA error: <what>", two detail lines, then "<file>:<line>: CUDA error".
        // The first matching line of the last block is the specific one, so look back a few lines from the last match.
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (!pattern.IsMatch(lines[i]))
                continue;
            var first = i;
            for (var j = i - 1; j >= Math.Max(0, i - 4); j--)
                if (pattern.IsMatch(lines[j]))
                    first = j;
            return lines[first].Trim();
        }
        return null;
    }

    private static string? LastMeaningfulLine(IReadOnlyList<string> lines) =>
        lines.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);

    private static string Join(string head, string? detail) =>
        string.IsNullOrWhiteSpace(detail) ? head : $"{head}: {detail}";
}
