using System.Diagnostics;
using System.IO.Pipes;
using SdSupervised.Contracts;
using StreamJsonRpc;

namespace SdSupervised.Bench;

/// <summary>
/// Figure (h): a video's frames (33 RGB frames of 832x480, Wan 2.1's default clip, 39.5 MB) from worker to supervisor over
/// the production pipe stack (<see cref="WorkerRpcConnection"/>, MessagePack, a Unix domain socket), as a share of the
/// generation that made them. Both ends live in this process like figure (b); the service returns a pre-built result.
/// The generation it is read against is the synthetic engine's own video job of the same clip (20 steps x 100 ms, the
/// step time of figure (a)): a real Wan 2.1 1.3B generation of that clip takes tens of seconds on a GPU, so the real
/// share is smaller still.
/// </summary>
public sealed class VideoPipeTransferBenchmark : IBenchmark
{
    private const int Width = 832;
    private const int Height = 480;
    private const int Frames = 33;
    private const int Channels = 3;
    private const double GoalPercentOfGeneration = 1;
    /// <summary>20 steps x 100 ms: the synthetic video job of this clip at figure (a)'s step time.</summary>
    private const double ReferenceGenerationSeconds = 2.0;

    public char Figure => 'h';
    public string Title => $"(h) a video's {Frames} frames of {Width}x{Height} RGB over the worker pipe (MessagePack), as a share of the generation";

    public async Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var warmup = context.Quick ? 2 : 3;
        var iterations = context.Quick ? 5 : 20;
        var result = BuildResult();
        var bytes = result.Frames.Sum(f => (long)f.Pixels.Length);
        await using var link = await VideoPipeLink.ConnectAsync(result, cancellationToken);
        var spec = new VideoGenerationSpec { JobId = "bench", Width = Width, Height = Height, VideoFrames = Frames, Steps = 1 };

        for (var i = 0; i < warmup; i++)
            Check(await link.Proxy.GenerateVideoAsync(spec, null, cancellationToken), result);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var times = new List<double>(iterations);
        var allocated = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var start = Stopwatch.GetTimestamp();
            var received = await link.Proxy.GenerateVideoAsync(spec, null, cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / (double)bytes);
            Check(received, result);
        }
        var p = new Percentiles(times);
        var copies = new Percentiles(allocated);
        var percent = p.Median / 1000 / ReferenceGenerationSeconds * 100;
        Console.WriteLine($"  {warmup} warm-up + {iterations} measured calls of GenerateVideoAsync; time = call start -> result deserialized on the client.");
        Console.WriteLine($"  {"frames",6}  {"pixels MB",9}  {"p50 ms",8}  {"p95 ms",8}  {"max ms",8}  {"MB/s @p50",9}  {"bytes allocated / pixel byte",28}");
        Console.WriteLine($"  {Frames,6}  {bytes / 1e6,9:0.0}  {p.Median,8:0.00}  {p.P95,8:0.00}  {p.Max,8:0.00}  {bytes / 1e6 / (p.Median / 1000),9:0}  {copies.Median,28:0.00}");
        Console.WriteLine("  (allocated per pixel byte, both ends in this process: the worker side's frames are pre-built, so ~1.0 is the one array");
        Console.WriteLine("   per frame the client deserializes into, and anything above it is a copy the pipe stack makes.)");
        Console.WriteLine($"  transfer / generation: {p.Median / 1000 / ReferenceGenerationSeconds:0.0000} ({percent:0.00}%) of the {ReferenceGenerationSeconds:0.0} s synthetic video job (20 steps x 100 ms)   " +
                          $"goal < {GoalPercentOfGeneration}%: {Verdict.Of(percent < GoalPercentOfGeneration)}");
        return
        [
            new SummaryLine("(h) video pipe % of generation",
                $"{Frames}x{Width}x{Height} RGB p50 {p.Median:0.0} ms = {percent:0.00}% of {ReferenceGenerationSeconds * 1000:0} ms, {copies.Median:0.00} B allocated/B  [{Verdict.Of(percent < GoalPercentOfGeneration)}]",
                $"< {GoalPercentOfGeneration}%"),
        ];
    }

    private static VideoResult BuildResult()
    {
        var frames = new GeneratedImage[Frames];
        var state = 0x9E3779B97F4A7C15UL;
        for (var f = 0; f < Frames; f++)
        {
            // Noise-like pixels: nothing compresses, as with real frames over a formatter that never compresses.
            var pixels = new byte[Width * Height * Channels];
            for (var i = 0; i < pixels.Length; i += 8)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                BitConverter.TryWriteBytes(pixels.AsSpan(i, Math.Min(8, pixels.Length - i)), state);
            }
            frames[f] = new GeneratedImage { Width = Width, Height = Height, Channels = Channels, Pixels = pixels, Seed = 42 };
        }
        return new VideoResult { Success = true, Fps = 16, Frames = frames };
    }

    private static void Check(VideoResult received, VideoResult sent)
    {
        if (received.Frames.Length != sent.Frames.Length)
            throw new InvalidOperationException($"pipe returned {received.Frames.Length} frames, expected {sent.Frames.Length}");
        for (var i = 0; i < sent.Frames.Length; i += 8)
        {
            var (got, expected) = (received.Frames[i].Pixels, sent.Frames[i].Pixels);
            if (got.Length != expected.Length || got[^1] != expected[^1] || got[got.Length / 2] != expected[expected.Length / 2])
                throw new InvalidOperationException($"pipe returned a different frame {i}");
        }
    }

    /// <summary>Both ends of one pipe with the production StreamJsonRpc stack.</summary>
    private sealed class VideoPipeLink : IAsyncDisposable
    {
        private readonly NamedPipeServerStream _serverPipe;
        private readonly NamedPipeClientStream _clientPipe;
        private readonly JsonRpc _serverRpc;
        private readonly JsonRpc _clientRpc;

        private VideoPipeLink(NamedPipeServerStream serverPipe, NamedPipeClientStream clientPipe, VideoResult result)
        {
            _serverPipe = serverPipe;
            _clientPipe = clientPipe;
            _serverRpc = WorkerRpcConnection.Create(serverPipe);
            _serverRpc.AddLocalRpcTarget<IWorkerRpc>(new CannedVideoWorker(result), null);
            _serverRpc.StartListening();
            _clientRpc = WorkerRpcConnection.Create(clientPipe);
            Proxy = _clientRpc.Attach<IWorkerRpc>();
            _clientRpc.StartListening();
        }

        public IWorkerRpc Proxy { get; }

        public static async Task<VideoPipeLink> ConnectAsync(VideoResult result, CancellationToken cancellationToken)
        {
            var name = $"sds-bench-video-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
            var server = new NamedPipeServerStream(name, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
            var client = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous);
            try
            {
                var accept = server.WaitForConnectionAsync(cancellationToken);
                await client.ConnectAsync(5000, cancellationToken);
                await accept;
                return new VideoPipeLink(server, client, result);
            }
            catch
            {
                await client.DisposeAsync();
                await server.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            (Proxy as IDisposable)?.Dispose();
            _clientRpc.Dispose();
            _serverRpc.Dispose();
            await _clientPipe.DisposeAsync();
            await _serverPipe.DisposeAsync();
        }
    }

    /// <summary>A worker that does no work: every video call returns the same pre-built frames.</summary>
    private sealed class CannedVideoWorker(VideoResult result) : IWorkerRpc
    {
        public Task<WorkerInfo> HelloAsync(int protocolVersion, CancellationToken cancellationToken) =>
            Task.FromResult(new WorkerInfo { ProtocolVersion = WorkerProtocol.Version, WorkerId = "bench", Engine = EngineKind.Synthetic, ProcessId = Environment.ProcessId });

        public Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(new LoadedModel { Success = true, ModelId = spec.ModelId });

        public Task UnloadModelAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(new GenerationResult { Success = false, Error = "video only" });

        public Task<VideoResult> GenerateVideoAsync(VideoGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(result);

        public Task<Heartbeat> PingAsync(CancellationToken cancellationToken) => Task.FromResult(new Heartbeat());
    }
}
