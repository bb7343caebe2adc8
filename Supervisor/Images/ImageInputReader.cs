namespace SdSupervised.Supervisor.Images;

/// <summary>STUB: reads an image field of a request: base64 (optionally a data: URL) or an http(s) URL fetched SSRF-safely.</summary>
public sealed class ImageInputReader
{
    public Task<ImageInputResult> ReadAsync(string value, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Bytes already received (multipart upload): size limit, then decode.</summary>
    public ImageInputResult FromBytes(byte[] bytes) => throw new NotImplementedException();
}
