using FluentValidation.Results;

namespace SdSupervised.Supervisor.Api;

/// <summary>Shapes FastEndpoints' validation and JSON binding failures as an <see cref="ApiError"/> with snake_case field names.</summary>
public static class ValidationErrorBuilder
{
    public static object Build(List<ValidationFailure> failures, HttpContext context, int statusCode)
    {
        var errors = failures
            .GroupBy(f => FieldName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        var malformed = errors.ContainsKey("serializer_errors");
        var message = malformed
            ? "The request body is not valid JSON for this endpoint: " + string.Join(" ", errors["serializer_errors"])
            : string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        return new ApiError(statusCode, malformed ? "malformed_json" : "validation_failed", message, errors);
    }

    private static string FieldName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? "request" : ApiJson.Name(propertyName.Replace(".", "_", StringComparison.Ordinal));
}
