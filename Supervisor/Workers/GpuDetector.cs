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

    /// <summary>Device memory in use on GPU <paramref name="index"/> (all processes), or null when nvidia-smi cannot say.</summary>
    public async Task<long?> UsedMemoryBytesAsync(int index, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var result = await Cli.Wrap("nvidia-smi")
                .WithArguments(["--query-gpu=memory.used", "--format=csv,noheader,nounits", "-i", index.ToString(CultureInfo.InvariantCulture)])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token);
            return result.ExitCode == 0 && long.TryParse(FirstLine(result.StandardOutput), NumberStyles.Integer, CultureInfo.InvariantCulture, out var mib)
                ? mib * 1024 * 1024
                : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            logger.LogDebug(ex, "nvidia-smi could not be started");
            return null;
        }
    }

    /// <summary>Parses <c>index, name, memory</c> CSV lines; malformed lines are skipped.</summary>
    public static IReadOnlyList<GpuInfo> Parse(string csv)
    {
        var gpus = new List<GpuInfo>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // index, name, memory: the name itself may contain commas, so take what lies between the first and last comma.
            var first = line.IndexOf(',');
            var last = line.LastIndexOf(',');
            if (first < 0 || last <= first || !int.TryParse(line.AsSpan(0, first).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                continue;
            long.TryParse(line.AsSpan(last + 1).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var memory);
            gpus.Add(new GpuInfo(index, line[(first + 1)..last].Trim(), memory));
        }
        return gpus;
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}

public sealed record GpuDetectionResult(IReadOnlyList<GpuInfo> Gpus, string? Reason);
