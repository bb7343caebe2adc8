using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;

namespace SdSupervised.IntegrationTests.Api.Presets;

/// <summary>
/// TAESD and embeddings reach the worker's load (the synthetic engine logs what it was given), are part of the
/// loaded-model identity, and a TAESD that does not fit is a clear 422.
/// </summary>
public sealed class TaesdAndEmbeddingTests(PresetsSupervisor fixture) : IClassFixture<PresetsSupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    private async Task<JobSnapshot> RunAsync(object body)
    {
        var submit = await Sup.Api.PostAsync("/api/generate/text2img", body);
        Sup.Expect(submit.Code == 202, $"the job should be queued\n{submit}");
        return await Sup.Api.WaitForCompletedAsync(submit.Json.Str("job_id")!, Timeouts.Job);
    }

    private int Loads(string text) => Sup.Log.Snapshot().Count(l => l.Contains("info: loaded model ", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task Taesd_true_loads_the_catalog_taesd_for_the_model_family_and_keeps_it_loaded()
    {
        var job = await RunAsync(new { prompt = "a fox", model = "sd15", taesd = true, width = 64, height = 64, steps = 2 });
        var taesdId = job.Params.Str("taesd");
        Sup.Expect(taesdId is not null && taesdId.Contains("taesd", StringComparison.Ordinal), "the job should store the TAESD's catalog id", job);
        var status = await Sup.Api.GetAsync("/api/status");
        var loaded = status.Json.Arr("workers")?[0].Str("model");
        Sup.Expect(loaded is not null && loaded.StartsWith(job.Params.Str("model")! + "+", StringComparison.Ordinal) && loaded.EndsWith($"+taesd:{taesdId}", StringComparison.Ordinal),
            $"the loaded model should carry the TAESD in its identity\n{status}");
        Sup.Expect(Loads("with TAESD taesd.safetensors") >= 1, "the worker should have been given the TAESD file\n" + Sup.Context());

        var before = Loads($"{loaded} ");
        await RunAsync(new { prompt = "a fox", model = "sd15", taesd = "taesd", width = 64, height = 64, steps = 2 });
        Sup.Expect(Loads($"{loaded} ") == before, "the same TAESD by name should not reload the model\n" + Sup.Context());
    }

    [Theory]
    [InlineData("sd15", "is not a TAESD")]
    [InlineData("nope", "is not in the catalog")]
    public async Task A_taesd_name_that_is_not_a_taesd_is_a_422(string name, string says)
    {
        var submit = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", model = "sd15", taesd = name });
        Sup.Expect(submit.Code == 422 && submit.Json.Str("error") == "taesd_unavailable" && submit.Json.Str("message")?.Contains(says, StringComparison.Ordinal) == true,
            $"taesd '{name}' should be a 422 saying '{says}'\n{submit}");
    }

    [Fact]
    public async Task Taesd_of_the_wrong_type_is_a_400()
    {
        var submit = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", taesd = 3 });
        Sup.Expect(submit.Code == 400 && submit.Text.Contains("taesd must be true", StringComparison.Ordinal), $"taesd: 3 should be a 400\n{submit}");
    }

    [Fact]
    public async Task Every_embedding_is_given_to_the_load_and_a_new_one_is_picked_up_by_the_next_load_only()
    {
        var job = await RunAsync(new { prompt = "a hand, bad_hands", model = "sd15", width = 64, height = 64, steps = 2 });
        var model = job.Params.Str("model")!;
        var status = await Sup.Api.GetAsync("/api/status");
        var worker = status.Json.Arr("workers")?[0];
        var first = worker.Str("model");
        Sup.Expect(first is not null && first.StartsWith(model + "+emb:", StringComparison.Ordinal) && worker.Obj("model_companions")?.ContainsKey("embedding:bad_hands") == true,
            $"the loaded model should name its embedding set and /api/status should list the embedding\n{status}");
        Sup.Expect(Loads("with embeddings bad_hands") >= 1, "the worker should have been given the embedding\n" + Sup.Context());

        await RunAsync(new { prompt = "again", model = "sd15", width = 64, height = 64, steps = 2 });
        Sup.Expect(Loads($"loaded model {first} ") == 1, "an unchanged embedding set should not reload the model\n" + Sup.Context());

        HeaderOnlyModels.Write(fixture.At("embeddings/easy_negative.safetensors"), [("emb_params", [8, 768])]);
        var refresh = await Sup.Api.PostAsync("/api/models/refresh", new { wait = true });
        Sup.Expect(refresh.Code == 200, $"refresh should scan the new embedding\n{refresh}");
        await RunAsync(new { prompt = "easy_negative", model = "sd15", width = 64, height = 64, steps = 2 });
        var after = (await Sup.Api.GetAsync("/api/status")).Json.Arr("workers")?[0].Str("model");
        Sup.Expect(after is not null && after != first && after.StartsWith(model + "+emb:", StringComparison.Ordinal)
            && Loads("with embeddings bad_hands, easy_negative") >= 1,
            $"a new embedding file should make the next load take both ({first} -> {after})\n" + Sup.Context());

        var unload = await Sup.Api.PostAsync($"/api/models/{Uri.EscapeDataString(model)}/unload", new { });
        var unloaded = (await Sup.Api.GetAsync("/api/status")).Json.Arr("workers")?[0].Str("model");
        Sup.Expect(unload.Code == 200 && unloaded is null, $"unloading by the catalog id should find the model loaded with its embeddings\n{unload}");
    }
}
