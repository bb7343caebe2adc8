using System.Reflection;
using FastEndpoints;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Api.System;

/// <summary>The native library a worker reports in its handshake (<c>sd_version()</c>, <c>sd_commit()</c>).</summary>
public sealed record NativeLibraryVersion(string Worker, string? Version, string? Commit);

/// <param name="Commit">The git commit the server was built from, when the build knew it.</param>
/// <param name="BuiltAt">When the server's assembly was written (the build, or the package's install).</param>
/// <param name="NativeLibraries">One row per running native worker; empty with synthetic workers or none running.</param>
public sealed record VersionResponse(
    string Version,
    string? Commit,
    DateTimeOffset? BuiltAt,
    int ProtocolVersion,
    string Runtime,
    IReadOnlyList<NativeLibraryVersion> NativeLibraries);

/// <summary><c>GET /api/version</c>: what was built from what, and which native library the workers run.</summary>
public sealed class VersionEndpoint(WorkerPool pool) : EndpointWithoutRequest<VersionResponse>
{
    private static readonly string InformationalVersion =
        typeof(VersionEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static readonly DateTimeOffset? BuiltAtTime = ReadBuiltAt();

    public override void Configure()
    {
        Get("/version");
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Server version, build commit and date, worker protocol, and the native library version each worker reports");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        // The SDK appends "+<commit>" to the informational version when it builds from a git checkout.
        var plus = InformationalVersion.IndexOf('+');
        var version = plus < 0 ? InformationalVersion : InformationalVersion[..plus];
        var commit = plus < 0 ? null : InformationalVersion[(plus + 1)..];
        var native = pool.Slots
            .Select(s => s.Snapshot)
            .Where(s => s.Info is { Engine: EngineKind.Native })
            .Select(s => new NativeLibraryVersion(s.WorkerId, s.Info!.NativeVersion, s.Info.NativeCommit))
            .ToList();
        return Send.OkAsync(new VersionResponse(version, commit, BuiltAtTime, WorkerProtocol.Version,
            global::System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, native), ct);
    }

    private static DateTimeOffset? ReadBuiltAt()
    {
        var location = typeof(VersionEndpoint).Assembly.Location;
        return string.IsNullOrEmpty(location) || !File.Exists(location) ? null : new DateTimeOffset(File.GetLastWriteTimeUtc(location), TimeSpan.Zero);
    }
}
