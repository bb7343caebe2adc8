namespace SdSupervised.Supervisor.Models;

/// <summary>What a model listing is ordered by.</summary>
public enum ModelSort
{
    Name,
    Size,
    Date,
    Type,
}
