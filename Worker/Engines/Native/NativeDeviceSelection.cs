namespace SdSupervised.Worker.Engines.Native;

/// <summary>The backend the engine will use (null: the library's choice) and a line for the log.</summary>
public sealed record NativeDeviceSelection(string? Backend, string Description);
