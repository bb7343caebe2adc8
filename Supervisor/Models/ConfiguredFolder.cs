namespace SdSupervised.Supervisor.Models;

/// <summary>
/// A folder given for one model type (<c>--checkpoints DIR</c>, <c>Sds:Models:Folders:Lora</c>): every file in it
/// is of that type. <paramref name="RelativePrefix"/> is its path below the models directory ("sd/ckpts"), or null
/// when it lies outside; files there are listed as <c>&lt;type folder&gt;/&lt;file&gt;</c> ("checkpoints/a.safetensors").
/// </summary>
public sealed record ConfiguredFolder(ModelLayout.Folder Layout, string FullPath, string? RelativePrefix);
