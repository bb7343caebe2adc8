using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.A1111;

public sealed class A1111OptionsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Options_switch_the_checkpoint_and_the_next_txt2img_reports_it()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 5 });
        await A1111Supervisor.WriteModelsAsync(sup);

        var models = await sup.Api.GetAsync("/sdapi/v1/sd-models");
        var betaTitle = (models.Json as System.Text.Json.Nodes.JsonArray)?.FirstOrDefault(m => m.Str("model_name") == "beta").Str("title");
        sup.Expect(betaTitle is not null, $"sd-models should list beta\n{models}");

        var unknown = await sup.Api.PostRawAsync("/sdapi/v1/options", """{"sd_model_checkpoint": "nonexistent.safetensors [0123456789]"}""");
        ErrorBody.Assert4xx(unknown, sup.Context(), 422);
        sup.Expect(unknown.Json.Str("detail")!.Contains("'nonexistent.safetensors'", StringComparison.Ordinal),
            $"an unknown checkpoint should be refused naming it\n{unknown}");

        var set = await sup.Api.PostRawAsync("/sdapi/v1/options",
            $$"""{"sd_model_checkpoint": "{{betaTitle}}", "CLIP_stop_at_last_layers": 2, "samples_format": "jpg", "live_previews_enable": true}""");
        sup.Expect(set.Code == 200 && set.Json.Arr("applied")?.Single()?.GetValue<string>() == "sd_model_checkpoint" && set.Json.Arr("ignored")?.Count == 3,
            $"options POST should apply sd_model_checkpoint and ignore the rest\n{set}");
        var options = await sup.Api.GetAsync("/sdapi/v1/options");
        sup.Expect(options.Json.Str("sd_model_checkpoint") == betaTitle, $"GET options should now show beta's title '{betaTitle}'\n{options}");

        var next = await sup.Api.PostRawAsync("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(seed: 5));
        var info = Json.TryParse(next.Json.Str("info"));
        sup.Expect(next.Code == 200 && info.Str("sd_model_name") == "beta", $"the next txt2img should run beta\n{next}");

        var overridden = await sup.Api.PostRawAsync("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(seed: 6, overrideSettings: """{"sd_model_checkpoint": "alpha.safetensors"}"""));
        sup.Expect(overridden.Code == 200 && Json.TryParse(overridden.Json.Str("info")).Str("sd_model_name") == "alpha",
            $"override_settings.sd_model_checkpoint should run alpha for that request\n{overridden}");
        var still = await sup.Api.GetAsync("/sdapi/v1/options");
        sup.Expect(still.Json.Str("sd_model_checkpoint") == betaTitle, $"an override must not change the default\n{still}");
    }
}
