namespace SdSupervised.Supervisor.Images;

/// <summary>Carries a refusal out of the socket connect callback, through HttpClient's own exception wrapping.</summary>
public sealed class ImageImportRefusedException(ImageInputError error) : Exception(error.Message)
{
    public ImageInputError Error { get; } = error;
}
