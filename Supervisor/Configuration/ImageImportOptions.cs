namespace SdSupervised.Supervisor.Configuration;

/// <summary>STUB: how images are fetched by URL (<c>Sds:ImageImport</c>).</summary>
public sealed class ImageImportOptions
{
}
