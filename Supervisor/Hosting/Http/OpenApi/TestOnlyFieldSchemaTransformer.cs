using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>Drops the <see cref="TestOnlyFieldAttribute"/> properties from every object schema.</summary>
public sealed class TestOnlyFieldSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
            return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(TestOnlyFieldAttribute), inherit: true) != true)
                continue;
            schema.Properties.Remove(property.Name);
            schema.Required?.Remove(property.Name);
        }
        return Task.CompletedTask;
    }
}
