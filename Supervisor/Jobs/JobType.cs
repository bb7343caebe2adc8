namespace SdSupervised.Supervisor.Jobs;

public enum JobType
{
    Text2Img,
}
