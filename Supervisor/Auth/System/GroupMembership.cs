namespace SdSupervised.Supervisor.Auth.System;

/// <summary>The group rule both system methods share: only members of the configured group may log in.</summary>
internal static class GroupMembership
{
    /// <summary>
    /// Ok with the user's group names when <paramref name="requiredGroup"/> is null or one of them (primary or supplementary),
    /// otherwise Failed saying which group is missing.
    /// </summary>
    public static SystemLoginResult Check(PosixUser? user, string? requiredGroup)
    {
        var gids = user is null ? [] : PosixAccounts.GroupIds(user);
        if (requiredGroup is not null)
        {
            if (user is null)
                return SystemLoginResult.Failed($"not in group {requiredGroup} (the name service does not know the user)");
            if (PosixAccounts.FindGroupId(requiredGroup) is not { } required)
                return SystemLoginResult.Failed($"not in group {requiredGroup} (no such group)");
            if (!gids.Contains(required))
                return SystemLoginResult.Failed($"not in group {requiredGroup}");
        }
        return SystemLoginResult.Ok(PosixAccounts.GroupNames(gids));
    }
}
