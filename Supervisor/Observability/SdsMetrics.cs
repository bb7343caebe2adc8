using System.Diagnostics.Metrics;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// The one <c>SdSupervised</c> meter and its pushed instruments (counters, histograms). Observable gauges read live state
/// and are registered by <see cref="SupervisorGauges"/>. Labels are closed sets (type, status, failure kind, worker id,
/// model id from the catalog), never job ids or prompts, so the series count stays bounded.
/// </summary>
public sealed class SdsMetrics
{
    public const string MeterName = "SdSupervised";

    // Seconds from a 50 ms status answer to a 30-minute video job.
    private static readonly double[] SecondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1800];

    public SdsMetrics(IMeterFactory factory)
    {
        Meter = factory.Create(MeterName);
        JobsSubmitted = Meter.CreateCounter<long>("sds_jobs_submitted", description: "Jobs accepted into the queue, by type");
        JobsFinished = Meter.CreateCounter<long>("sds_jobs_finished", description: "Jobs that ended, by type, status (completed, failed, cancelled) and failure kind");
        JobsRequeued = Meter.CreateCounter<long>("sds_jobs_requeued", description: "Attempts that ended with the job back in the queue (worker failure, shutdown), by type and failure kind");
        QueueWait = Seconds("sds_job_queue_wait_seconds", "Time a job waited in the queue before an attempt started, by type and model");
        EngineTime = Seconds("sds_job_engine_seconds", "Time the worker's engine spent on an attempt, by type and model");
        TotalTime = Seconds("sds_job_total_seconds", "Submission to the end of a job, by type and model");
        EncodeTime = Seconds("sds_job_encode_seconds", "Time the supervisor spent encoding and writing a job's outputs, by type");
        ImagesGenerated = Meter.CreateCounter<long>("sds_images_generated", description: "Images written by completed jobs");
        PixelsGenerated = Meter.CreateCounter<long>("sds_pixels_generated", description: "Pixels (width x height) of the images written by completed jobs");
        WorkerRestarts = Meter.CreateCounter<long>("sds_worker_restarts", description: "Worker relaunches, by worker and the failure kind that caused them ('requested' for an operator restart)");
        WorkerRecycles = Meter.CreateCounter<long>("sds_worker_recycles", description: "Proactive recycles between jobs (after N jobs, hours or a memory threshold), by worker; not failures");
        ModelLoads = Meter.CreateCounter<long>("sds_model_loads", description: "Model loads, by worker and result (ok, failed)");
        ModelLoadTime = Seconds("sds_model_load_seconds", "Time a worker slot spent loading a model, by worker");
        SqliteWriteLatency = Meter.CreateHistogram("sds_sqlite_write_seconds", unit: "s",
            description: "Time from asking the job store to write a transition until it is durable (batching and fsync included)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
    }

    public Meter Meter { get; }
    public Counter<long> JobsSubmitted { get; }
    public Counter<long> JobsFinished { get; }
    public Counter<long> JobsRequeued { get; }
    public Histogram<double> QueueWait { get; }
    public Histogram<double> EngineTime { get; }
    public Histogram<double> TotalTime { get; }
    public Histogram<double> EncodeTime { get; }
    public Counter<long> ImagesGenerated { get; }
    public Counter<long> PixelsGenerated { get; }
    public Counter<long> WorkerRestarts { get; }
    public Counter<long> WorkerRecycles { get; }
    public Counter<long> ModelLoads { get; }
    public Histogram<double> ModelLoadTime { get; }
    public Histogram<double> SqliteWriteLatency { get; }

    private Histogram<double> Seconds(string name, string description) =>
        Meter.CreateHistogram(name, unit: "s", description: description,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
}
