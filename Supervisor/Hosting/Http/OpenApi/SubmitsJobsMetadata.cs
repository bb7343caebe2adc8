namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// Endpoint metadata for the document: the endpoint submits a job (so it can be refused while the queue or disk is
/// full), and with <see cref="Waits"/> runs it and waits for it (a cancelled job, a wait that ends first). Seed
/// endpoints answering <c>SubmitJobResponse</c> are known without it.
/// </summary>
public sealed record SubmitsJobsMetadata(bool Waits);
