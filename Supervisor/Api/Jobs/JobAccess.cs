using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Jobs;

/// <summary>A user sees, follows and cancels only their own jobs; an admin (and everyone under <c>--auth none</c>) all of them.</summary>
public static class JobAccess
{
    /// <summary>Null when the caller may touch <paramref name="job"/>; else the 403 to send.</summary>
    public static IResult? Refusal(HttpContext context, Job job) =>
        context.Principal() is { } principal && principal.MayTouch(job.Owner)
            ? null
            : ApiResults.Error(StatusCodes.Status403Forbidden, "forbidden", $"job '{job.Id}' belongs to another user");
}
