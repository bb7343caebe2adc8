using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Presets;

/// <summary>Presets and prompt files over real HTTP: listed, read, merged under a request's own fields, and refused clearly.</summary>
public sealed class PresetApiTests(PresetsSupervisor fixture) : IClassFixture<PresetsSupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    private static JsonObject? Named(JsonArray? list, string name) =>
        list?.OfType<JsonObject>().FirstOrDefault(p => p.Str("name") == name);

    [Fact]
    public async Task Presets_are_listed_with_their_fields_and_broken_files_as_invalid_with_the_reason()
    {
        var list = await Sup.Api.GetAsync("/api/presets");
        var presets = list.Json.Arr("presets");
        var portrait = Named(presets, "portrait");
        var fast = Named(presets, "fast");
        Sup.Expect(list.Code == 200 && portrait.Bool("valid") == true && portrait.Str("description") == "Tall portrait"
            && portrait.Str("file") == "presets/portrait.json"
            && portrait?["fields"]?.AsArray().Select(f => f!.GetValue<string>()).Order().SequenceEqual(["cfg_scale", "height", "negative_prompt", "sampling_method", "steps", "width"]) == true
            && fast.Bool("valid") == true && fast.Str("description") == "quick drafts",
            $"the listing should show portrait.json and fast.yaml with their descriptions and fields\n{list}");

        foreach (var (name, says) in new[] { ("broken", "presets/broken.json"), ("typo", "stepz"), ("too_many", "steps must be between"), ("wrong_type", "width") })
            Sup.Expect(Named(presets, name) is { } bad && bad.Bool("valid") == false && bad.Str("error")?.Contains(says, StringComparison.Ordinal) == true,
                $"the listing should show {name} as invalid, saying '{says}'\n{list}");
        Sup.Expect(Named(presets, "clip")?["applies_to"]?.AsArray().Select(a => a!.GetValue<string>()).SequenceEqual(["video"]) == true,
            $"a preset of video fields should apply to video only\n{list}");

        var one = await Sup.Api.GetAsync("/api/presets/portrait");
        Sup.Expect(one.Code == 200 && one.Json.Obj("fields").Int("width") == 192 && one.Json.Obj("fields").Str("sampling_method") == "euler",
            $"GET /api/presets/portrait should give its fields with their values\n{one}");
        var yaml = await Sup.Api.GetAsync("/api/presets/fast");
        Sup.Expect(yaml.Code == 200 && yaml.Json.Obj("fields").Int("steps") == 3 && yaml.Json.Obj("fields").Str("seed") == "42",
            $"YAML numbers should be numbers and quoted YAML a string\n{yaml}");
        var missing = await Sup.Api.GetAsync("/api/presets/nope");
        Sup.Expect(missing.Code == 404 && missing.Json.Str("message")?.Contains("portrait", StringComparison.Ordinal) == true,
            $"an unknown preset should be a 404 that lists what exists\n{missing}");
        var traversal = await Sup.Api.GetAsync("/api/presets/..%2F..%2Fetc%2Fpasswd");
        Sup.Expect(traversal.Code == 400, $"a path as a preset name should be a 400\n{traversal}");
    }

    [Fact]
    public async Task A_preset_fills_in_the_fields_the_request_does_not_send_and_every_field_the_body_has_wins()
    {
        // steps 20 is text2img's default: present in the body, so it wins over the preset's 6.
        var submit = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "a lighthouse", preset = "portrait", steps = 20, width = 128 });
        Sup.Expect(submit.Code == 202, $"a request naming a preset should be queued\n{submit}");
        var job = await Sup.Api.WaitForCompletedAsync(submit.Json.Str("job_id")!, Timeouts.Job);
        var p = job.Params;
        Sup.Expect(p.Int("steps") == 20 && p.Int("width") == 128 && p.Int("height") == 256 && Math.Abs(p.Double("cfg_scale")!.Value - 5.5) < 1e-6
            && p.Str("sampling_method") == "euler" && p.Str("negative_prompt") == "blurry" && p.Str("prompt") == "a lighthouse",
            "the body's steps and width should win, the preset should give height, cfg_scale, sampling_method and negative_prompt", job);
        Sup.Expect(submit.Json?["ignored_fields"] is null, $"preset should not be reported as an ignored field\n{submit}");

        var yaml = await Sup.Api.PostAsync("/api/v1/generate", new { prompt = "a boat", preset = "fast", width = 64, height = 64, timeout = 30 });
        var image = yaml.Json.Arr("images")?.FirstOrDefault() as JsonObject;
        Sup.Expect(yaml.Code == 200 && image.Obj("parameters").Int("steps") == 3 && image.Long("seed") == 42,
            $"/api/v1/generate should take a YAML preset (steps 3, seed \"42\")\n{yaml}");
    }

    [Theory]
    [InlineData("broken", "invalid_preset", "preset", "presets/broken.json")]
    [InlineData("typo", "invalid_preset", "preset.stepz", "presets/typo.yaml")]
    [InlineData("too_many", "invalid_preset", "preset.steps", "steps must be between")]
    [InlineData("wrong_type", "invalid_preset", "preset.width", "presets/wrong_type.json")]
    [InlineData("clip", "invalid_preset", "preset.video_frames", "is not a field of text2img")]
    [InlineData("nope", "unknown_preset", "preset", "portrait")]
    public async Task A_preset_that_cannot_be_used_is_a_422_naming_the_file_and_field(string preset, string code, string field, string says)
    {
        var submit = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", preset });
        Sup.Expect(submit.Code == 422 && submit.Json.Str("error") == code && submit.Json.Obj("errors")?.ContainsKey(field) == true
            && submit.Json.Str("message")?.Contains(says, StringComparison.Ordinal) == true,
            $"preset '{preset}' should be a 422 {code} under {field}, saying '{says}'\n{submit}");
    }

    [Fact]
    public async Task A_preset_or_prompt_name_that_is_a_path_is_a_400()
    {
        foreach (var body in new object[] { new { prompt = "x", preset = "../presets/portrait" }, new { prompt = "x", negative_prompt_preset = "..\\lowq" } })
        {
            var submit = await Sup.Api.PostAsync("/api/generate/text2img", body);
            Sup.Expect(submit.Code == 400 && submit.Json.Str("message")?.Contains("without folders", StringComparison.Ordinal) == true,
                $"a path as a name should be a 400\n{submit}");
        }
    }

    [Fact]
    public async Task A_repeated_field_counts_once_with_its_last_value_as_the_binder_reads_it()
    {
        var submit = await Sup.Api.PostRawAsync("/api/generate/text2img", "{\"prompt\":\"x\",\"preset\":\"portrait\",\"steps\":3,\"steps\":4}");
        Sup.Expect(submit.Code == 202, $"a repeated field should not drop the preset\n{submit}");
        var job = await Sup.Api.GetJobAsync(submit.Json.Str("job_id")!);
        Sup.Expect(job.Params.Int("steps") == 4 && job.Params.Int("height") == 256, "the last steps should win and the preset still apply", job);
    }

    [Fact]
    public async Task Negative_prompt_preset_puts_the_file_text_before_the_request_negative_prompt()
    {
        var submit = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", width = 64, height = 64, steps = 2, negative_prompt_preset = "lowq", negative_prompt = "watermark" });
        Sup.Expect(submit.Code == 202, $"negative_prompt_preset should be accepted\n{submit}");
        var job = await Sup.Api.GetJobAsync(submit.Json.Str("job_id")!);
        Sup.Expect(job.Params.Str("negative_prompt") == "lowres, bad anatomy, watermark", "the file's text should come first, then the request's", job);

        var unknown = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", negative_prompt_preset = "nope" });
        Sup.Expect(unknown.Code == 422 && unknown.Json.Str("error") == "unknown_prompt" && unknown.Json.Str("message")?.Contains("lowq", StringComparison.Ordinal) == true,
            $"an unknown negative prompt file should be a 422 listing what exists\n{unknown}");
    }

    [Fact]
    public async Task Prompt_files_are_listed_and_read_by_name()
    {
        var prompts = await Sup.Api.GetAsync("/api/prompts");
        Sup.Expect(prompts.Code == 200 && Named(prompts.Json.Arr("prompts"), "castle").Str("text") == "a castle on a hill"
            && Named(prompts.Json.Arr("prompts"), "hero").Str("text") == "a hero at dawn",
            $"/api/prompts should give each file's text (.txt whole, .json its prompt)\n{prompts}");
        var negative = await Sup.Api.GetAsync("/api/neg-prompts/lowq");
        Sup.Expect(negative.Code == 200 && negative.Json.Str("text") == "lowres, bad anatomy" && negative.Json.Str("file") == "neg_prompts/lowq.txt",
            $"/api/neg-prompts/lowq should give the file's text\n{negative}");
        var list = await Sup.Api.GetAsync("/api/neg-prompts");
        Sup.Expect(list.Code == 200 && list.Json.Int("count") == 1, $"/api/neg-prompts should list the one file\n{list}");
        var missing = await Sup.Api.GetAsync("/api/prompts/lowq");
        Sup.Expect(missing.Code == 404, $"a negative prompt is not a prompt\n{missing}");
        var traversal = await Sup.Api.GetAsync("/api/prompts/..%2Fneg_prompts%2Flowq");
        Sup.Expect(traversal.Code == 400, $"a path as a prompt name should be a 400\n{traversal}");
    }
}
