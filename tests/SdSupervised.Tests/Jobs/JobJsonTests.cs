using System.Text.Json;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Jobs;

public sealed class JobJsonTests
{
    [Fact]
    public void Enum_column_names_match_the_json_converter_and_parse_back()
    {
        AssertConsistent<JobStatus>();
        AssertConsistent<JobType>();
        AssertConsistent<FailureKind>();
    }

    [Theory]
    [InlineData(FailureKind.CudaOutOfMemory, "cuda_out_of_memory")]
    [InlineData(FailureKind.StartupFailure, "startup_failure")]
    [InlineData(FailureKind.Segfault, "segfault")]
    public void Failure_kinds_are_snake_case(FailureKind kind, string expected)
    {
        Assert.Equal(expected, JobJson.EnumName(kind));
    }

    [Fact]
    public void Unknown_enum_names_are_reported_as_bad_data()
    {
        var error = Assert.Throws<InvalidDataException>(() => JobJson.ParseEnum<JobStatus>("paused"));
        Assert.Contains("paused", error.Message);
    }

    private static void AssertConsistent<T>() where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            var name = JobJson.EnumName(value);
            Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(value, JobJson.Options));
            Assert.Equal(value, JobJson.ParseEnum<T>(name));
            Assert.Equal(value, JobJson.ParseEnum<T>(JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString())));
        }
    }
}
