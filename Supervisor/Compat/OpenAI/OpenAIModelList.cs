namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>The body of <c>GET /v1/models</c>: <c>{object: "list", data}</c>.</summary>
public sealed record OpenAIModelList(IReadOnlyList<OpenAIModel> Data, string Object = "list")
{
    public const string Owner = "sd-supervised";
}
