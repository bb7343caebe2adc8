namespace SdSupervised.Supervisor.Images;

public enum ImageFormat
{
    Png,
    Jpeg,
    Webp,
}
