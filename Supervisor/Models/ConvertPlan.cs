using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Models;

/// <summary>A checked conversion request: the job's parameters, or the refused field and why.</summary>
public sealed record ConvertPlan(ConvertPlanStatus Status, ConvertParameters? Parameters, string? Field, string Message)
{
    public static ConvertPlan Accepted(ConvertParameters parameters) => new(ConvertPlanStatus.Accepted, parameters, null, "");
    public static ConvertPlan Invalid(string field, string message) => new(ConvertPlanStatus.Invalid, null, field, message);
    public static ConvertPlan Conflict(string field, string message) => new(ConvertPlanStatus.Conflict, null, field, message);
}
