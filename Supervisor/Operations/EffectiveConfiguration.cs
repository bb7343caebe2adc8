using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Operations;

/// <summary>The bound <see cref="SupervisorOptions"/> as the API shows them: its JSON conventions, secrets redacted.</summary>
public sealed class EffectiveConfiguration(IOptions<SupervisorOptions> options)
{
    public JsonObject Get() =>
        (JsonObject)ConfigRedactor.Redact(JsonSerializer.SerializeToNode(options.Value, ApiJson.Options))!;
}
