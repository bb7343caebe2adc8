namespace SdSupervised.Supervisor.Outputs;

/// <summary>A video's frames could not be encoded (no ffmpeg, or ffmpeg failed); the message says why for the job's error.</summary>
public sealed class VideoEncodingException(string message, Exception? inner = null) : Exception(message, inner);
