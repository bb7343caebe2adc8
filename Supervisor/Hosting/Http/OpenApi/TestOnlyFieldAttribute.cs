namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// A field for tests only (worker fault injection, honoured under <c>--allow-fault-injection</c>): bound and written
/// as any other, but left out of the OpenAPI document (<see cref="TestOnlyFieldSchemaTransformer"/>), so clients
/// generated from it never see it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TestOnlyFieldAttribute : Attribute;
