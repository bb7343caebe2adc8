namespace SdSupervised.Worker.Native;

/// <summary>A candidate that was tried and why it was not usable.</summary>
public sealed record NativeLibraryAttempt(NativeLibraryCandidate Candidate, string Failure);
