using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Packaging;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Observability;

/// <summary>
/// The Grafana dashboard and the Prometheus alerting rules in packaging/ query only metrics a live server exports (after
/// a job, a worker restart and a GPU poll, so every series has appeared), and the rules are valid Prometheus rules.
/// </summary>
public sealed partial class OperatorKitTests(ITestOutputHelper output)
{
    private static readonly string Root = RepositoryRoot.Locate();
    private static readonly string Dashboard = Path.Combine(Root, "packaging", "grafana", "sd-supervised.json");
    private static readonly string Rules = Path.Combine(Root, "packaging", "prometheus", "sd-supervised-rules.yml");

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alert_rules_query_is_exported_by_a_live_server()
    {
        // A stand-in nvidia-smi on PATH, answering the poller's query the way the real one does on two GPUs.
        var bin = Directory.CreateTempSubdirectory("sds-fake-nvidia-").FullName;
        var fake = Path.Combine(bin, "nvidia-smi");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\nprintf '0, 10240, 81559, 97\\n1, 3, 81559, 0\\n'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var options = new SupervisorOptions { Workers = 1, StepMs = 10 }
                .WithEnv("PATH", $"{bin}:{Environment.GetEnvironmentVariable("PATH")}")
                .WithEnv("SDS__Metrics__GpuPollSeconds", 1);
            await using var sup = await SupervisorProcess.StartAsync(output, options);
            await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);
            var worker = (await sup.Api.GetStatusAsync()).Worker("w0") ?? throw sup.Fail("no w0");
            Assert.True(Posix.Kill(worker.Pid!.Value, Posix.SIGKILL), $"could not signal worker pid {worker.Pid}");
            await sup.Api.WaitForStatusAsync(s => s.Worker("w0")?.State == "idle" && s.Worker("w0")?.Pid != worker.Pid, Timeouts.Soon, "w0 restarted");

            var scrape = await sup.Api.WaitForMetricsAsync(m => m.Names.Contains("sds_worker_restarts_total") && m.Names.Contains("sds_gpu_memory_used_bytes"),
                Timeouts.Soon, "the restart and the GPU poll to show");
            sup.Expect(scrape.Sum("sds_gpu_memory_used_bytes", ("gpu", "0")) == 10240.0 * 1024 * 1024 && scrape.Sum("sds_gpu_utilization_ratio", ("gpu", "0")) == 0.97,
                $"the GPU gauges carry nvidia-smi's figures in bytes and ratio\n{scrape}");

            var exported = scrape.Names.ToHashSet(StringComparer.Ordinal);
            var queried = QueriedMetrics().ToList();
            sup.Expect(queried.Count >= 15, $"expected the kit to query many metrics, found {queried.Count}");
            var missing = queried.Where(q => !exported.Contains(q.Metric)).Select(q => $"{q.Metric} (in {q.Source})").Distinct().ToList();
            sup.Expect(missing.Count == 0, $"the dashboard or rules query metrics the server does not export:\n  {string.Join("\n  ", missing)}");
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [RequiresToolsFact("promtool", "Debian's prometheus package; scripts/test installs it when it can")]
    public async Task The_alert_rules_pass_promtool_check_rules()
    {
        var result = await Shell.RunAsync("promtool", ["check", "rules", Rules], TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"promtool check rules failed:\n{result}");
    }

    [Fact]
    public void The_alert_rules_name_the_five_alerts_each_with_an_expression_a_severity_and_a_summary()
    {
        var blocks = Regex.Split(File.ReadAllText(Rules), @"^\s+- alert: ", RegexOptions.Multiline).Skip(1).ToList();
        var names = blocks.Select(b => b.Split('\n')[0].Trim()).ToList();
        Assert.Equal(["SdsWorkerFaulted", "SdsWorkerCrashLooping", "SdsQueueNotDraining", "SdsDiskNearlyFull", "SdsNoUsableWorker"], names);
        foreach (var block in blocks)
        {
            Assert.Matches(@"\n\s+expr: \S", block);
            Assert.Matches(@"\n\s+severity: (warning|critical)\n", block);
            Assert.Matches(@"\n\s+summary: ""[^""]+""", block);
        }
    }

    /// <summary>Metric names in the dashboard's target expressions and template queries, and in the rules' expressions.</summary>
    private static IEnumerable<(string Metric, string Source)> QueriedMetrics()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Dashboard))!;
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray().Select(t => t!["expr"]!.GetValue<string>()))
            .Concat(dashboard["templating"]!["list"]!.AsArray().Select(v => v!["query"]?.GetValue<string>() ?? ""));
        foreach (var expr in expressions)
            foreach (Match m in MetricName().Matches(expr))
                yield return (m.Value, "grafana/sd-supervised.json");
        foreach (var line in File.ReadAllLines(Rules).Where(l => l.TrimStart().StartsWith("expr:", StringComparison.Ordinal)))
            foreach (Match m in MetricName().Matches(line))
                yield return (m.Value, "prometheus/sd-supervised-rules.yml");
    }

    [GeneratedRegex(@"\b(?:sds|http_server)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
