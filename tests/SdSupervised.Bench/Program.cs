using System.Diagnostics;
using System.Runtime.InteropServices;
using SdSupervised.Bench;

// Prints the performance figures of the Performance section of the spec, measured side by side in one run.
// No figure fails the run; the exit code is non-zero only when a benchmark could not be measured.
var options = BenchOptions.Parse(args, out var error);
if (error is not null)
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
// Ctrl-C, SIGTERM, SIGHUP, SIGQUIT: stop measuring and let every benchmark dispose its processes and temp dirs.
// A second signal ends the bench at once, after killing what it started.
var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
    .Select(signal => PosixSignalRegistration.Create(signal, context =>
    {
        if (cancel.IsCancellationRequested)
        {
            SupervisorProcess.KillAllNow();
            return;
        }
        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: stopping, cleaning up");
        cancel.Cancel();
    }))
    .ToList();
// Last resort for any other exit path.
AppDomain.CurrentDomain.ProcessExit += (_, _) => SupervisorProcess.KillAllNow();

IBenchmark[] all = [new EndToEndOverheadBenchmark(), new PipeTransferBenchmark(), new RestartLatencyBenchmark(), new QueueStatusLatencyBenchmark(), new SubmitLatencyBenchmark(), new StandbyRecycleBenchmark(), new PlacementThroughputBenchmark(), new VideoPipeTransferBenchmark(), new WebUiBudgetBenchmark(), new ClusterBenchmark()];
var context = new BenchContext(options);
var summary = new List<SummaryLine>();
var failures = 0;
var total = Stopwatch.StartNew();

Console.WriteLine($"sds-bench: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}{(options.Quick ? ", --quick" : "")}");
// Timings on a shared machine are only as good as its quiet; the load average lets a reader judge a run.
Console.WriteLine($"load average at start: {LoadAverage()}");
Console.WriteLine($"supervisor: {SupervisorProcess.SupervisorDll}");
try
{
    foreach (var benchmark in all.Where(b => options.Figures.Contains(b.Figure)))
    {
        Console.WriteLine();
        Console.WriteLine(benchmark.Title);
        var started = Stopwatch.StartNew();
        try
        {
            summary.AddRange(await benchmark.RunAsync(context, cancel.Token));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.WriteLine("  interrupted");
            summary.Add(new SummaryLine($"({benchmark.Figure})", "interrupted", ""));
            failures++;
            break;
        }
        catch (Exception ex)
        {
            Console.WriteLine($"  error: {ex.Message}");
            summary.Add(new SummaryLine($"({benchmark.Figure})", $"error: {ex.Message.Split('\n')[0].Trim()}", ""));
            failures++;
        }
        Console.WriteLine($"  [{started.Elapsed.TotalSeconds:0.0} s; load average {LoadAverage()}]");
    }
}
finally
{
    SupervisorProcess.KillAllNow();
}

Console.WriteLine();
Console.WriteLine($"Summary ({total.Elapsed.TotalSeconds:0} s; load average at end {LoadAverage()} on {Environment.ProcessorCount} cores)");
var width = summary.Count == 0 ? 0 : summary.Max(s => s.Figure.Length);
foreach (var line in summary)
    Console.WriteLine($"  {line.Figure.PadRight(width)}  {line.Value}{(line.Goal.Length > 0 ? $"   (goal {line.Goal})" : "")}");
signals.ForEach(s => s.Dispose());
return failures == 0 ? 0 : 1;

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
}
