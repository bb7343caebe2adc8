namespace SdSupervised.Supervisor.Models;

/// <summary>A file's SHA-256 and AUTOMATIC1111's short hash (its first 10 hex digits), for the file version it was taken of.</summary>
public sealed record ModelHash(string Sha256, string ShortHash, long Size, long ModifiedTicks, double Seconds, DateTimeOffset At);
