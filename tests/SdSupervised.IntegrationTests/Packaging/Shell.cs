using System.Diagnostics;
using System.Text;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Packaging;

/// <summary>Runs a command to completion with a deadline; a command past it is killed with its children.</summary>
public static class Shell
{
    public static async Task<ScriptResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) psi.Environment.Remove(key);
            else psi.Environment[key] = value;
        }
        var command = string.Join(' ', psi.ArgumentList.Prepend(fileName));

        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
        }

        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new XunitException($"cannot run {command}: {ex.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            string partial;
            lock (output) partial = output.ToString();
            throw new XunitException($"{command} did not finish within {timeout.TotalSeconds:F0} s and was killed\n{partial}");
        }
        lock (output) return new ScriptResult(command, process.ExitCode, output.ToString());
    }
}
