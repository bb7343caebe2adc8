using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// The API's web JSON defaults also read numbers written as strings ("512"), which the schema generator spells
/// as <c>["integer", "string"]</c> with a digit pattern. The API always writes numbers and clients should send
/// them, so the document says integer or number.
/// </summary>
public sealed class WireNumberSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}
