using SdSupervised.Contracts;
using SdSupervised.Tests.Worker;
using SdSupervised.Worker.Engines.Native;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

public sealed class NativeProgressTrackerTests
{
    private readonly ListProgress _progress = new();

    [Fact]
    public void Batch_index_and_decoding_follow_the_library_log_lines()
    {
        var tracker = new NativeProgressTracker(ProgressPhase.Sampling, _progress);

        tracker.OnProgress(1, 4, 0.1f);                                                     // VAE encode tiles before sampling: left out
        tracker.OnLog(SdLogLevel.Info, "stable-diffusion.cpp:5679 - generating image: 1/2 - seed 42\n");
        tracker.OnProgress(0, 2, 0);                                                        // the "starting" mark
        tracker.OnProgress(1, 2, 0.25f);
        tracker.OnProgress(2, 2, 0.25f);
        tracker.OnLog(SdLogLevel.Info, "stable-diffusion.cpp:5679 - generating image: 2/2 - seed 43\n");
        tracker.OnProgress(1, 2, 0.25f);
        tracker.OnProgress(2, 2, 0.25f);
        tracker.OnLog(SdLogLevel.Info, "stable-diffusion.cpp:5320 - decoding 2 latents\n");
        tracker.OnProgress(3, 6, 0.01f);

        Assert.Equal(
            [(ProgressPhase.Sampling, 0, 1, 2), (ProgressPhase.Sampling, 0, 2, 2), (ProgressPhase.Sampling, 1, 1, 2), (ProgressPhase.Sampling, 1, 2, 2), (ProgressPhase.Decoding, 1, 3, 6)],
            _progress.Reports.Select(r => (r.Phase, r.BatchIndex, r.Step, r.Steps)));
        Assert.Equal(0.25, _progress.Reports[0].SecondsPerStep, 3);
    }

    [Theory]
    [InlineData(ProgressPhase.LoadingModel)]
    [InlineData(ProgressPhase.Upscaling)]
    [InlineData(ProgressPhase.Converting)]
    public void Other_calls_report_every_step_in_their_phase(ProgressPhase phase)
    {
        var tracker = new NativeProgressTracker(phase, _progress);

        tracker.OnProgress(0, 3, 0);
        tracker.OnProgress(1, 3, 0.5f);
        tracker.OnProgress(3, 3, float.NaN);

        Assert.Equal([(phase, 1, 3, 0.5), (phase, 3, 3, 0.0)], _progress.Reports.Select(r => (r.Phase, r.Step, r.Steps, r.SecondsPerStep)));
    }

    [Fact]
    public void Every_callback_runs_the_hook()
    {
        var calls = 0;
        var tracker = new NativeProgressTracker(ProgressPhase.Sampling, null, () => calls++);

        tracker.OnLog(SdLogLevel.Debug, "x");
        tracker.OnProgress(0, 1, 0);

        Assert.Equal(2, calls);
    }
}
