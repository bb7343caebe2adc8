using System.Reflection;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>The server version as A1111 answers report it (<c>info.version</c>).</summary>
public static class A1111Version
{
    public static readonly string Text = "sd-supervised " +
        (typeof(A1111Version).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
}
