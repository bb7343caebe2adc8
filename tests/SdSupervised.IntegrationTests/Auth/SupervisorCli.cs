using System.Diagnostics;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>The server executable's <c>keys</c>/<c>users</c> subcommands, run as a shell would against a data dir.</summary>
public static class SupervisorCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public static async Task<Result> RunAsync(string dataDir, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo
        {
            FileName = SupervisorProcess.DotnetHost(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(SupervisorProcess.SupervisorDll);
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        psi.ArgumentList.Add("--data-dir");
        psi.ArgumentList.Add(dataDir);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("SDS__", StringComparison.Ordinal)).ToArray()) psi.Environment.Remove(key);
        using var process = Process.Start(psi) ?? throw new XunitException("could not start the supervisor executable");
        if (stdin is not null) await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return new Result(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    /// <summary><c>keys create</c>; returns the key it printed.</summary>
    public static async Task<string> CreateKeyAsync(string dataDir, string name, string role)
    {
        var result = await RunAsync(dataDir, null, "keys", "create", "--name", name, "--role", role);
        if (result.ExitCode != 0 || !result.Stdout.StartsWith("sds_", StringComparison.Ordinal))
            throw new XunitException($"keys create failed:\n{result}");
        return result.Stdout;
    }
}
