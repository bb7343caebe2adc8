using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// Video encoding (<c>Sds:Video</c>): the frames of a video job become an H.264 MP4 (yuv420p, so every browser plays it)
/// with ffmpeg. Debian's <c>ffmpeg</c> package is the expected encoder; without it videos are an animated GIF
/// (<see cref="Fallback"/>), or refused with that reason when the fallback is off.
/// </summary>
public sealed class VideoOptions
{
    public const string SectionName = "Sds:Video";

    /// <summary>The ffmpeg executable: a name on PATH or an absolute path.</summary>
    [Required] public string Ffmpeg { get; set; } = "ffmpeg";
    /// <summary>x264 constant rate factor: 0 lossless, 18 visually lossless, 23 x264's default.</summary>
    [Range(0, 51)] public int Crf { get; set; } = 18;
    /// <summary>x264 preset; faster presets make larger files.</summary>
    [RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow)$")]
    public string Preset { get; set; } = "veryfast";
    /// <summary>What a video becomes when ffmpeg is missing: <c>gif</c> (an animated <c>video.gif</c>) or <c>none</c> (video jobs are refused, 422 <c>video_encoder_missing</c>).</summary>
    [RegularExpression("^(gif|none)$", ErrorMessage = "Sds:Video:Fallback must be gif or none")]
    public string Fallback { get; set; } = "gif";
    /// <summary>Also keep every frame as a PNG beside the video (<c>frame-0000.png</c>, ...).</summary>
    public bool KeepFrames { get; set; }
    /// <summary>Longest an encode may take before it is abandoned.</summary>
    [Range(1, 3600)] public int TimeoutSeconds { get; set; } = 300;
    /// <summary>Most frames a video job may ask for (<c>video_frames</c>).</summary>
    [Range(1, 1025)] public int MaxFrames { get; set; } = 161;
    /// <summary>Highest <c>fps</c> a video job may ask for.</summary>
    [Range(1, 240)] public int MaxFps { get; set; } = 60;
    /// <summary>Largest width or height of a video, px (a multiple of 16).</summary>
    [Range(64, 4096)] public int MaxSize { get; set; } = 1280;
    /// <summary>Most sampling steps per model of a video job.</summary>
    [Range(1, 500)] public int MaxSteps { get; set; } = 100;
}
