namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// Endpoint metadata for the document: the body an endpoint reads itself (A1111's and OpenAI's, read so that every
/// refusal has the family's shape) is <see cref="Type"/>, sent as <see cref="ContentType"/>. Not <c>Accepts</c>
/// metadata, which routing would turn into a content-type constraint: a body of another type must still reach the
/// endpoint and hear why in its family's words.
/// </summary>
public sealed record RequestBodyMetadata(Type Type, string ContentType = "application/json");
