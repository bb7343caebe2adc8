using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

/// <summary>Where worker sockets go: systemd's runtime directory, else the data dir's run/, else a short per-user folder when the path would not fit sun_path.</summary>
public sealed class WorkerPipeDirectoryTests
{
    [Fact]
    public void Systemds_runtime_directory_comes_first_and_its_first_entry_is_ours()
    {
        Assert.Equal(("/run/sd-supervised", null), WorkerPipeDirectory.Choose("/run/sd-supervised:/run/other", "/var/lib/sd-supervised/run", 0));
    }

    [Fact]
    public void Without_systemd_the_data_dirs_run_folder_is_used()
    {
        Assert.Equal(("/srv/sds/run", null), WorkerPipeDirectory.Choose(null, "/srv/sds/run", 1000));
        Assert.Equal(("/srv/sds/run", null), WorkerPipeDirectory.Choose("", "/srv/sds/run", 1000));
    }

    [Fact]
    public void A_folder_too_long_for_a_socket_path_falls_back_to_a_short_per_user_folder_of_its_own_and_says_why()
    {
        var deep = "/home/someone/projects/" + new string('x', 80) + "/data/run";
        var (folder, reason) = WorkerPipeDirectory.Choose(null, deep, 1000);
        var (again, _) = WorkerPipeDirectory.Choose(null, deep, 1000);
        var (other, _) = WorkerPipeDirectory.Choose(null, deep + "2", 1000);

        Assert.StartsWith("/tmp/sds-1000/", folder);
        Assert.True(folder.Length + 1 + WorkerPipeDirectory.NameReserve <= WorkerPipeDirectory.MaxSocketPathBytes, folder);
        Assert.Contains(deep, reason);
        Assert.Contains("107 bytes", reason);
        Assert.Equal(folder, again);
        Assert.NotEqual(folder, other);
    }

    [Fact]
    public void The_limit_counts_utf8_bytes_not_characters()
    {
        var fits = "/d/" + new string('a', WorkerPipeDirectory.MaxSocketPathBytes - 3 - 1 - WorkerPipeDirectory.NameReserve);
        Assert.Null(WorkerPipeDirectory.Choose(null, fits, 0).FallbackReason);
        var multibyte = "/d/" + new string('é', fits.Length - 3);
        Assert.NotNull(WorkerPipeDirectory.Choose(null, multibyte, 0).FallbackReason);
    }
}
