using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SdSupervised.Worker.Tracing;

/// <summary>
/// The worker exports its own spans over OTLP when the supervisor passes an endpoint. A worker can be killed at
/// any moment, so the batch is flushed every second rather than the SDK's five: a crash loses at most the spans
/// of the call it crashed in, which the supervisor's attempt span records as failed anyway.
/// </summary>
public static class WorkerTraceExport
{
    public static TracerProvider? Start(WorkerOptions options)
    {
        if (options.OtlpEndpoint is not { } endpoint)
            return null;
        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService("sds-worker", serviceInstanceId: options.WorkerId))
            .AddSource(WorkerTracing.SourceName)
            // The supervisor decided sampling for the job; the worker follows the parent it was given.
            .SetSampler(new ParentBasedSampler(new AlwaysOffSampler()))
            .AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = options.OtlpHttp ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 1000;
            })
            .Build();
    }
}
