namespace SdSupervised.Supervisor.Jobs;

/// <summary>One image written under <c>&lt;data-dir&gt;/outputs/&lt;job-id&gt;/</c>.</summary>
public sealed record JobOutput(string Filename, long Seed, int Width, int Height);
