namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>The second, upscaled sampling pass ("hires fix"): its size, its own step count, and how much it repaints.</summary>
public sealed record SyntheticHiresPlan(int Width, int Height, int Steps, float DenoisingStrength);
