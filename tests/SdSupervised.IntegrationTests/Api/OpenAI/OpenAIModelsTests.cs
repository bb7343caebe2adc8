using System.ClientModel;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

public sealed class OpenAIModelsTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Fact]
    public async Task The_model_list_names_the_default_model_for_the_client_and_over_http()
    {
        var models = (await OpenAIClients.Models(Sup).GetModelsAsync()).Value;
        Sup.Expect(models.Any(m => m.Id == "default" && m.OwnedBy == "sd-supervised"),
            $"the client's model list should contain 'default' owned by sd-supervised, got: {string.Join(", ", models.Select(m => m.Id))}");

        using var http = new OpenAIHttp(Sup);
        var list = await http.GetAsync("/v1/models");
        var entry = list.Json.Arr("data")?.FirstOrDefault(m => m.Str("id") == "default");
        Sup.Expect(list.Code == 200 && list.Json.Str("object") == "list" && entry.Str("object") == "model" && entry.Long("created") is not null,
            $"GET /v1/models should be {{object: list, data: [{{id, object: model, created, owned_by}}]}}\n{list}");

        var one = await OpenAIClients.Models(Sup).GetModelAsync("default");
        Sup.Expect(one.Value.Id == "default", $"GET /v1/models/default should answer that model, got '{one.Value.Id}'");
    }

    [Fact]
    public async Task An_unknown_model_is_404_in_OpenAIs_shape()
    {
        using var http = new OpenAIHttp(Sup);
        var response = await http.GetAsync("/v1/models/no-such-model");
        OpenAIErrorBody.Assert(response, 404, "invalid_request_error", null, Sup.Context());

        var thrown = await Assert.ThrowsAsync<ClientResultException>(() => OpenAIClients.Models(Sup).GetModelAsync("no-such-model"));
        Sup.Expect(thrown.Status == 404, $"the client should throw with status 404, got {thrown.Status}");
    }

    [Theory]
    [InlineData("dall-e-2")]
    [InlineData("dall-e-3")]
    [InlineData("gpt-image-1")]
    public async Task Every_OpenAI_model_name_generations_accept_is_a_known_model(string name)
    {
        var model = await OpenAIClients.Models(Sup).GetModelAsync(name);

        Sup.Expect(model.Value.Id == name && model.Value.OwnedBy == "sd-supervised", $"GET /v1/models/{name} should answer that model, got '{model.Value.Id}'");
    }
}
