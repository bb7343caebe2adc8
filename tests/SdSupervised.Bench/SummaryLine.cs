namespace SdSupervised.Bench;

/// <summary>One line of the closing summary: a figure, what was measured, and the goal it is read against.</summary>
public sealed record SummaryLine(string Figure, string Value, string Goal);
