using FluentValidation.Results;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Supervisor.Api;

/// <summary>Shapes FastEndpoints' validation and JSON binding failures as an <see cref="ApiError"/> with snake_case field names.</summary>
public static class ValidationErrorBuilder
{
    public static object Build(List<ValidationFailure> failures, HttpContext context, int statusCode)
    {
        // A binder that caught Kestrel's size limit files it as a field error; it is a 413, not bad input.
        if (failures.Any(f => BodySizeLimit.IsTooLargeMessage(f.ErrorMessage)))
        {
            var tooLarge = BodySizeLimit.Error(BodySizeLimit.Current(context));
            context.Response.StatusCode = tooLarge.Status;
            return tooLarge;
        }
        var errors = failures
            .GroupBy(f => FieldName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => JsonErrorText.Scrub(f.ErrorMessage)).Distinct().ToArray());
        // FastEndpoints files a JSON syntax error under the property being read; System.Text.Json's syntax
        // errors (unlike a converter's own message) carry the reader position, which tells them apart.
        var malformed = errors.ContainsKey("serializer_errors")
            || failures.Any(f => f.ErrorMessage.Contains("LineNumber:", StringComparison.Ordinal));
        var message = malformed
            ? "The request body is not valid JSON for this endpoint: " + string.Join(" ", errors.SelectMany(e => e.Value))
            : string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        return new ApiError(statusCode, malformed ? "malformed_json" : "validation_failed", message, errors);
    }

    private static string FieldName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? "request" : ApiJson.Name(propertyName.Replace(".", "_", StringComparison.Ordinal));
}
