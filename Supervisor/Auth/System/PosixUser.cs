namespace SdSupervised.Supervisor.Auth.System;

/// <summary>An account as the name service (NSS: files, SSSD, LDAP) knows it.</summary>
internal sealed record PosixUser(string Name, uint Uid, uint PrimaryGid);
