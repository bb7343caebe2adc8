using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Tests.Supervisor;

public sealed class CommandLineTests
{
    public static TheoryData<string[], string, string> MappedSwitches => new()
    {
        { ["--port", "9000"], "Sds:Port", "9000" },
        { ["--port=9000"], "Sds:Port", "9000" },
        { ["--host", "0.0.0.0"], "Sds:Host", "0.0.0.0" },
        { ["--data-dir", "/var/lib/sds"], "Sds:DataDir", "/var/lib/sds" },
        { ["--models-dir", "./models"], "Sds:ModelsDir", "./models" },
        { ["--model-dir", "./models"], "Sds:ModelsDir", "./models" },
        { ["--engine", "synthetic"], "Sds:Engine", "synthetic" },
        { ["--native-library", "/opt/sd/libstable-diffusion.so"], "Sds:NativeLibrary", "/opt/sd/libstable-diffusion.so" },
        { ["--workers", "0,1"], "Sds:Workers", "0,1" },
        { ["--workers=cpu"], "Sds:Workers", "cpu" },
        { ["--synthetic-step-ms", "5"], "Sds:SyntheticStepMs", "5" },
        { ["--synthetic-load-ms", "0"], "Sds:SyntheticLoadMs", "0" },
        { ["--worker-executable", "/opt/sds/worker/sds-worker"], "Sds:WorkerExecutable", "/opt/sds/worker/sds-worker" },
        { ["--default-model", "sd15"], "Sds:DefaultModel", "sd15" },
        { ["--config", "/etc/sds/extra.json"], "Sds:ConfigFile", "/etc/sds/extra.json" },
        { ["--allow-fault-injection"], "Sds:AllowFaultInjection", "true" },
        { ["--allow-fault-injection=false"], "Sds:AllowFaultInjection", "false" },
        { ["--allow-fault-injection=true"], "Sds:AllowFaultInjection", "true" },
        { ["--Sds:Resilience:MaxAttempts", "5"], "Sds:Resilience:MaxAttempts", "5" },
        { ["--Sds:Resilience:MaxAttempts=5"], "Sds:Resilience:MaxAttempts", "5" },
        { ["--Sds:Limits:MaxSize=a=b"], "Sds:Limits:MaxSize", "a=b" },
        { ["--urls", "http://127.0.0.1:0"], "urls", "http://127.0.0.1:0" },
        { ["--urls=http://127.0.0.1:5000"], "urls", "http://127.0.0.1:5000" },
        { ["--synthetic-step-ms", "-5"], "Sds:SyntheticStepMs", "-5" },
        { ["--auth", "api-key"], "Sds:Auth:Method", "api-key" },
        { ["--auth=pam"], "Sds:Auth:Method", "pam" },
    };

    [Theory]
    [InlineData("--enable-unix-auth", "unix")]
    [InlineData("--enable-pam-auth", "pam")]
    public void Deprecated_auth_switch_maps_to_its_method_with_a_warning(string flag, string method)
    {
        var result = CommandLine.Parse([flag]);

        Assert.Null(result.Error);
        Assert.Equal(method, result.Values["Sds:Auth:Method"]);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("deprecated", warning);
        Assert.Contains($"--auth {method}", warning);
    }

    [Theory]
    [MemberData(nameof(MappedSwitches))]
    public void Switch_maps_to_its_configuration_key(string[] args, string key, string value)
    {
        var result = CommandLine.Parse(args);

        Assert.Null(result.Error);
        Assert.False(result.ShowHelp);
        Assert.Equal(value, result.Values[key]);
        Assert.Single(result.Values);
    }

    [Fact]
    public void Several_switches_combine_and_a_standalone_flag_does_not_eat_the_next_switch()
    {
        var result = CommandLine.Parse(["--allow-fault-injection", "--workers", "2", "--port=0", "--data-dir", "/tmp/d"]);

        Assert.Null(result.Error);
        Assert.Equal("true", result.Values["Sds:AllowFaultInjection"]);
        Assert.Equal("2", result.Values["Sds:Workers"]);
        Assert.Equal("0", result.Values["Sds:Port"]);
        Assert.Equal("/tmp/d", result.Values["Sds:DataDir"]);
    }

    [Fact]
    public void Later_value_wins()
    {
        var result = CommandLine.Parse(["--port", "1", "--port", "2"]);

        Assert.Equal("2", result.Values["Sds:Port"]);
    }

    [Fact]
    public void Keys_are_looked_up_case_insensitively_like_configuration()
    {
        var result = CommandLine.Parse(["--port", "9000"]);

        Assert.Equal("9000", result.Values["sds:port"]);
    }

    [Fact]
    public void No_arguments_is_no_values_and_no_error()
    {
        var result = CommandLine.Parse([]);

        Assert.Null(result.Error);
        Assert.False(result.ShowHelp);
        Assert.Empty(result.Values);
    }

    [Theory]
    [InlineData("--prot")]
    [InlineData("--worker")]
    [InlineData("--allow-faults")]
    public void Unknown_switch_is_an_error_naming_it(string name)
    {
        var result = CommandLine.Parse([name, "9000"]);

        Assert.NotNull(result.Error);
        Assert.Contains($"'{name}'", result.Error);
        Assert.Contains("--help", result.Error);
    }

    [Fact]
    public void Unknown_switch_with_inline_value_names_only_the_switch()
    {
        var result = CommandLine.Parse(["--prot=9000"]);

        Assert.NotNull(result.Error);
        Assert.Contains("'--prot'", result.Error);
    }

    [Theory]
    [InlineData("--port")]
    [InlineData("--port --workers 2")]
    [InlineData("--Sds:Resilience:MaxAttempts")]
    [InlineData("--urls")]
    public void Missing_value_is_an_error_naming_the_switch(string line)
    {
        var args = line.Split(' ');
        var result = CommandLine.Parse(args);

        Assert.NotNull(result.Error);
        Assert.Contains($"'{args[0]}'", result.Error);
        Assert.Contains("needs a value", result.Error);
    }

    [Theory]
    [InlineData("9000")]
    [InlineData("-p")]
    public void Bare_argument_is_an_error(string arg)
    {
        var result = CommandLine.Parse([arg]);

        Assert.NotNull(result.Error);
        Assert.Contains($"'{arg}'", result.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--port 1 --help")]
    [InlineData("--help --prot")]
    public void Help_is_recognised(string line)
    {
        var result = CommandLine.Parse(line.Split(' '));

        Assert.True(result.ShowHelp);
        Assert.Null(result.Error);
    }

    [Fact]
    public void Usage_mentions_every_switch()
    {
        foreach (var name in new[]
                 {
                     "--port", "--host", "--data-dir", "--models-dir", "--engine", "--native-library", "--workers",
                     "--synthetic-step-ms", "--synthetic-load-ms", "--worker-executable", "--default-model",
                     "--allow-fault-injection", "--auth", "--config", "--help",
                 })
            Assert.Contains(name, CommandLine.Usage);
    }
}
