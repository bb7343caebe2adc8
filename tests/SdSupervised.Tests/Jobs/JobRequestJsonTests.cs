using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Kinds;

namespace SdSupervised.Tests.Jobs;

/// <summary>The job request as one polymorphic document: its kind first, each kind read back as its own type, and data that does not fit refused.</summary>
public sealed class JobRequestJsonTests
{
    private static Job JobOf(JobType type, JobRequest request) => new() { Id = "j1", Type = type, Request = request };

    public static TheoryData<JobType, string> Kinds() => new()
    {
        { JobType.Text2Img, "image" }, { JobType.Img2Img, "image" }, { JobType.Inpainting, "image" }, { JobType.ControlNet, "image" },
        { JobType.Video, "video" }, { JobType.Upscale, "upscale" }, { JobType.Convert, "convert" },
    };

    private static JobRequest RequestFor(JobType type) => type switch
    {
        JobType.Video => new VideoParameters { Model = "wan", VideoFrames = 9, Owner = "ann" },
        JobType.Upscale => new UpscaleParameters { Image = "source.png", SourceWidth = 64, SourceHeight = 48, Owner = "ann" },
        JobType.Convert => new ConvertParameters { ModelId = "m", Input = "m.safetensors", OutputType = "q8_0", Output = "m.q8_0.gguf" },
        _ => new GenerationParameters { Prompt = "a cat", Seed = 7, Owner = "ann" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_is_written_first_and_reads_back_as_its_own_type(JobType type, string kind)
    {
        var request = RequestFor(type);

        var json = JobRequestJson.Serialize(JobOf(type, request));
        var read = JobRequestJson.Deserialize(json, type, "j1");

        Assert.StartsWith($"{{\"kind\":\"{kind}\",", json);
        Assert.Equal(kind, JobRequestKinds.Of(type));
        Assert.IsType(request.GetType(), read);
        // Field by field (records compare their lists by reference).
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize((object)request), System.Text.Json.JsonSerializer.Serialize((object)read));
    }

    [Fact]
    public void A_request_that_does_not_fit_its_job_type_is_not_written()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => JobRequestJson.Serialize(JobOf(JobType.Upscale, new GenerationParameters())));

        Assert.Contains("stored as upscale but holds a GenerationParameters", refused.Message);
    }

    [Theory]
    [InlineData("""{"kind":"upscale","image":"a.png"}""", "is stored as text2img but its params_json is a UpscaleParameters")]
    [InlineData("""{"kind":"painting","prompt":"x"}""", "cannot be read")]
    [InlineData("""{"prompt":"x"}""", "cannot be read")]
    public void Stored_data_of_another_or_no_kind_is_refused_as_corrupt_naming_the_job(string json, string expected)
    {
        var refused = Assert.Throws<InvalidDataException>(() => JobRequestJson.Deserialize(json, JobType.Text2Img, "j9"));

        Assert.Contains("j9", refused.Message);
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void The_kind_may_come_after_the_fields_as_a_tool_may_rewrite_it()
    {
        var read = JobRequestJson.Deserialize("""{"prompt":"moved","kind":"image"}""", JobType.Text2Img, "j1");

        Assert.Equal("moved", Assert.IsType<GenerationParameters>(read).Prompt);
    }

    [Fact]
    public void Every_request_type_has_exactly_one_runner_or_the_runners_refuse_to_start()
    {
        Assert.Equal(4, JobKindRunners.RequestTypes.Count);

        var none = Assert.Throws<InvalidOperationException>(() => new JobKindRunners([]));
        foreach (var type in JobKindRunners.RequestTypes)
            Assert.Contains(type.Name, none.Message);
        var two = Assert.Throws<InvalidOperationException>(() => new JobKindRunners([new FakeRunner(), new FakeRunner()]));
        Assert.Contains("two job runners for UpscaleParameters", two.Message);
    }

    private sealed class FakeRunner : JobKindRunner<UpscaleParameters>
    {
        protected override Task<KindOutcome> RunAsync(KindAttempt attempt, UpscaleParameters request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
