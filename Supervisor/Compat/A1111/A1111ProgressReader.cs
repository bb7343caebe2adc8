using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>Reads the live queue for <c>/sdapi/v1/progress</c>.</summary>
public sealed class A1111ProgressReader(JobService jobs)
{
    public A1111Progress Read(bool skipCurrentImage) => A1111ProgressBuilder.Build(jobs.GetQueue(), skipCurrentImage);
}
