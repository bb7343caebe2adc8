using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace SdSupervised.Supervisor.Workers;

/// <summary>Lists NVIDIA GPUs with <c>nvidia-smi</c> (through CliWrap). No nvidia-smi or no GPU is an empty list with a reason, never an exception.</summary>
public sealed class GpuDetector(ILogger<GpuDetector> logger)
{
    public async Task<GpuDetectionResult> DetectAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            var result = await Cli.Wrap("nvidia-smi")
                .WithArguments(["--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits"])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token);
            if (result.ExitCode != 0)
            {
                var why = FirstLine(result.StandardError) ?? FirstLine(result.StandardOutput) ?? $"exit code {result.ExitCode}";
                return new GpuDetectionResult([], $"nvidia-smi failed: {why}");
            }
            var gpus = Parse(result.StandardOutput);
            return new GpuDetectionResult(gpus, gpus.Count == 0 ? "nvidia-smi lists no GPU" : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new GpuDetectionResult([], "nvidia-smi did not answer within 15 s");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            logger.LogDebug(ex, "nvidia-smi could not be started");
            return new GpuDetectionResult([], "nvidia-smi not found (no NVIDIA driver installed?)");
        }
    }

    /// <summary>Parses <c>index, name, memory</c> CSV lines; malformed lines are skipped.</summary>
    public static IReadOnlyList<GpuInfo> Parse(string csv)
    {
        var gpus = new List<GpuInfo>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length < 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                continue;
            long.TryParse(parts[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var memory);
            gpus.Add(new GpuInfo(index, string.Join(',', parts[1..^1]), memory));
        }
        return gpus;
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}

public sealed record GpuDetectionResult(IReadOnlyList<GpuInfo> Gpus, string? Reason);
