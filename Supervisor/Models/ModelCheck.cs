namespace SdSupervised.Supervisor.Models;

/// <summary>One check of <c>POST /api/models/validate</c>.</summary>
public sealed record ModelCheck(string Name, bool Ok, string Message);
