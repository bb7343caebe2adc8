namespace SdSupervised.IntegrationTests.Packaging;

/// <summary>
/// A fact that shows as skipped, with the reason, when a tool it needs is not on PATH. Decided at
/// discovery (xunit 2 has no dynamic skip), so the summary counts it as skipped, never as passed.
/// </summary>
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(string tool, string hint)
    {
        if (!Tools.OnPath(tool))
            Skip = $"{tool} is not installed ({hint})";
    }
}
