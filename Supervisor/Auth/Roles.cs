namespace SdSupervised.Supervisor.Auth;

/// <summary>The two roles. An admin may do everything; a user generates, reads, and cancels or clears only their own jobs.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";

    public static bool IsKnown(string? role) => role is Admin or User;
}
