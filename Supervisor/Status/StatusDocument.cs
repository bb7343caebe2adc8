namespace SdSupervised.Supervisor.Status;

/// <summary>The published <c>/api/status</c> as JSON (UTF-8) with its ETag; <see cref="Key"/> is what it was built from.</summary>
public sealed record StatusDocument(object Key, byte[] Json, string ETag);
