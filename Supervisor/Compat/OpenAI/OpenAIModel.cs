namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>One model as <c>/v1/models</c> lists it; <see cref="Created"/> is unix seconds (the file's modification time).</summary>
public sealed record OpenAIModel(string Id, long Created, string Object = "model", string OwnedBy = OpenAIModelList.Owner);
