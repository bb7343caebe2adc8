using System.Diagnostics;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>
/// Runs the shadow-utils tools (useradd, chpasswd, ...) with a deadline. They lock /etc/passwd and /etc/shadow, and
/// another test run on the same machine may hold the lock for a moment: a refusal to lock is retried, not a failure.
/// </summary>
public static class AccountTool
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    public static async Task<string> RunAsync(string tool, IEnumerable<string> arguments, string? input = null)
    {
        var args = arguments.ToArray();
        var command = string.Join(' ', args.Prepend(tool));
        using var deadline = new CancellationTokenSource(s_deadline);
        for (var pause = TimeSpan.FromMilliseconds(50); ; pause *= 2)
        {
            var (code, output) = await RunOnceAsync(tool, args, input, deadline.Token);
            if (code == 0)
                return output;
            var locked = output.Contains("lock", StringComparison.OrdinalIgnoreCase) || output.Contains("try again", StringComparison.OrdinalIgnoreCase);
            if (!locked || deadline.IsCancellationRequested)
                throw new XunitException($"{command} exited with {code}: {output}");
            await Task.Delay(pause < TimeSpan.FromSeconds(1) ? pause : TimeSpan.FromSeconds(1), deadline.Token);
        }
    }

    /// <summary>Like <see cref="RunAsync"/> but a failure is only reported: cleanup must go on with the next item.</summary>
    public static async Task<string?> TryRunAsync(string tool, params string[] arguments)
    {
        try
        {
            await RunAsync(tool, arguments);
            return null;
        }
        catch (Exception ex) when (ex is XunitException or OperationCanceledException)
        {
            return ex.Message;
        }
    }

    private static async Task<(int Code, string Output)> RunOnceAsync(string tool, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi) ?? throw new XunitException($"cannot start {tool}");
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"{tool} {string.Join(' ', arguments)} did not finish within {s_deadline.TotalSeconds:0} s");
        }
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
