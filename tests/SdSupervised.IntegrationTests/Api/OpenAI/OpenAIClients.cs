using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Images;
using OpenAI.Models;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>
/// The official OpenAI .NET clients pointed at a supervisor's <c>/v1</c>, with a made-up key (the server ignores it),
/// no retries (a retried 500 would hide what the server answered) and a timeout generous enough for a busy machine.
/// </summary>
public static class OpenAIClients
{
    public const string AnyApiKey = "sk-anything-the-server-ignores";

    public static OpenAIClientOptions Options(SupervisorProcess supervisor) => new()
    {
        Endpoint = new Uri(supervisor.BaseAddress + "v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = Timeouts.Job * 2,
    };

    public static ImageClient Images(SupervisorProcess supervisor, string model = "dall-e-2") =>
        new(model, new ApiKeyCredential(AnyApiKey), Options(supervisor));

    public static OpenAIModelClient Models(SupervisorProcess supervisor) =>
        new(new ApiKeyCredential(AnyApiKey), Options(supervisor));
}
