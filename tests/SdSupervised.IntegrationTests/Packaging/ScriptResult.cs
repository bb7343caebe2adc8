using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Packaging;

/// <summary>What a command printed (stdout and stderr interleaved) and how it ended.</summary>
public sealed record ScriptResult(string Command, int ExitCode, string Output)
{
    public IEnumerable<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public ScriptResult EnsureSuccess()
    {
        if (ExitCode != 0)
            throw new XunitException($"{Command} exited with {ExitCode}\n{Output}");
        return this;
    }

    public override string ToString() => $"$ {Command}  (exit {ExitCode})\n{Output}";
}
