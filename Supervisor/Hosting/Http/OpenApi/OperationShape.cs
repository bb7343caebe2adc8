namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>What an operation takes and does, as far as the errors it can answer depend on it.</summary>
/// <param name="Family">whose clients call it, which decides the error body's shape</param>
/// <param name="HasInput">a request DTO, a body or route parameters: can be invalid</param>
/// <param name="HasPathParameters">names a resource that may not exist</param>
/// <param name="HasBody">reads a body, so the size limit applies</param>
/// <param name="RequiresJson">under /api, where a body without a JSON content type gets 415</param>
/// <param name="SubmitsJobs">queues a job (202) or runs one and waits: refused with 422/429/503/507 while it cannot</param>
/// <param name="WaitsForJob">runs a job and waits for it (A1111 and OpenAI): a cancelled job is a 409, a wait that ends first a 504</param>
/// <param name="Protected">needs a principal when auth is on: 401 without one, 403 without the role (or for another user's job)</param>
public sealed record OperationShape(
    ApiFamily Family,
    bool HasInput,
    bool HasPathParameters,
    bool HasBody,
    bool RequiresJson,
    bool SubmitsJobs,
    bool WaitsForJob,
    bool Protected);
