using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A1111 answers <c>{}</c>; the ids of the jobs stopped are added for clients that care.</summary>
public sealed record A1111InterruptResponse([property: JsonPropertyName("interrupted")] IReadOnlyList<string> Interrupted);
