namespace SdSupervised.Supervisor.Models.Headers;

/// <summary>A parsed header, or why the file is not a valid model file. Reading never throws for bad content.</summary>
public sealed record HeaderReadResult(ModelHeader? Header, string? Invalid)
{
    public bool IsValid => Header is not null;

    public static HeaderReadResult Ok(ModelHeader header) => new(header, null);

    public static HeaderReadResult Bad(string reason) => new(null, reason);
}
