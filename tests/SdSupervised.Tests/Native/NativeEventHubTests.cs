using SdSupervised.Worker.Engines.Native;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

public sealed class NativeEventHubTests
{
    private readonly List<string> _written = [];
    private readonly NativeEventHub _hub;

    public NativeEventHubTests()
    {
        _hub = new NativeEventHub(lines => _written.AddRange(lines));
    }

    [Fact]
    public void Library_lines_reach_stderr_unchanged_one_per_line()
    {
        _hub.OnLog(SdLogLevel.Error, "ggml_cuda_compute_forward: CUDA error: out of memory\n  current device: 0\n");
        _hub.OnLog(SdLogLevel.Info, "stable-diffusion.cpp:5627 - generate_image 64x64\n");

        Assert.Equal(
            ["ggml_cuda_compute_forward: CUDA error: out of memory", "  current device: 0", "stable-diffusion.cpp:5627 - generate_image 64x64"],
            _written);
    }

    [Fact]
    public void Debug_lines_are_not_relayed_by_default()
    {
        _hub.OnLog(SdLogLevel.Debug, "model_loader.cpp:1 - tensor a\n");

        Assert.Empty(_written);
    }

    [Fact]
    public void Problems_are_the_warning_and_error_lines_since_the_call_began()
    {
        _hub.OnLog(SdLogLevel.Error, "old failure\n");
        using (_hub.Begin(null))
        {
            _hub.OnLog(SdLogLevel.Info, "loading\n");
            _hub.OnLog(SdLogLevel.Warn, "odd tensor\n");
            _hub.OnLog(SdLogLevel.Error, "load failed\n");

            Assert.Equal("odd tensor | load failed", _hub.RecentProblems());
        }
    }

    [Fact]
    public void Only_the_last_few_problem_lines_are_kept()
    {
        using (_hub.Begin(null))
        {
            for (var i = 0; i < 20; i++)
                _hub.OnLog(SdLogLevel.Error, $"e{i}\n");

            Assert.Equal(string.Join(" | ", Enumerable.Range(20 - NativeEventHub.KeptProblems, NativeEventHub.KeptProblems).Select(i => $"e{i}")), _hub.RecentProblems());
        }
    }

    [Fact]
    public void Callbacks_go_to_the_listener_of_the_call_in_progress_only()
    {
        var listener = new RecordingListener();
        using (_hub.Begin(listener))
        {
            _hub.OnProgress(1, 2, 0.5f);
            _hub.OnLog(SdLogLevel.Info, "x\n");
        }
        _hub.OnProgress(2, 2, 0.5f);

        Assert.Equal(["progress 1/2", "log x\n"], listener.Seen);
    }

    private sealed class RecordingListener : INativeListener
    {
        public List<string> Seen { get; } = [];

        public void OnLog(SdLogLevel level, string text) => Seen.Add($"log {text}");

        public void OnProgress(int step, int steps, float seconds) => Seen.Add($"progress {step}/{steps}");
    }
}
