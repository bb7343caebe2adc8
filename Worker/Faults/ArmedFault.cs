using SdSupervised.Contracts;

namespace SdSupervised.Worker.Faults;

/// <summary>A fault the engine will fire at sampling step <see cref="Step"/> (1-based, already clamped into 1..steps) of the first image.</summary>
public sealed record ArmedFault(InjectedFault Kind, int Step);
