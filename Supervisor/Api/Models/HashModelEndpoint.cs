using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class HashModelRequest
{
    public string? ModelId { get; set; }
    /// <summary>How long to wait for the hash before answering 202 with progress (0-60 s; default 10).</summary>
    public double? WaitSeconds { get; set; }
}

public sealed class HashModelValidator : Validator<HashModelRequest>
{
    public HashModelValidator()
    {
        RuleFor(r => r.ModelId).NotEmpty().WithMessage("model_id is required.");
        RuleFor(r => r.WaitSeconds).InclusiveBetween(0, 60).When(r => r.WaitSeconds is not null).WithMessage("wait_seconds must be between 0 and 60.");
    }
}

public sealed record HashModelResponse(
    string ModelId, string Path, string Status, string? Sha256, string? ShortHash, long Size, bool Cached,
    long BytesDone, double Progress, double? Seconds);

/// <summary>
/// <c>POST /api/models/hash</c>: the file's SHA-256 and AUTOMATIC1111's 10-digit short hash. Big files hash in the
/// background: the answer is 202 with progress until it is done; ask again (the same run continues) for the result.
/// </summary>
public sealed class HashModelEndpoint(ModelService models, ModelHasher hasher) : Endpoint<HashModelRequest, HashModelResponse>
{
    public override void Configure()
    {
        Post("/models/hash");
        Description(b => b.Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Hash a model file (SHA-256 and short hash)");
    }

    public override async Task HandleAsync(HashModelRequest req, CancellationToken ct)
    {
        var lookup = await models.FindAsync(req.ModelId, ct);
        if (lookup.Entry is not { } entry)
        {
            await Send.ResultAsync(ModelApiResults.ForLookup(lookup));
            return;
        }
        var progress = await hasher.HashAsync(entry, TimeSpan.FromSeconds(req.WaitSeconds ?? 10), ct);
        if (progress.Error is { } error)
        {
            await Send.ResultAsync(ApiResults.Error(StatusCodes.Status409Conflict, "hash_failed", error));
            return;
        }
        var done = progress.Result;
        var response = new HashModelResponse(entry.Id, entry.RelativePath, done is null ? "hashing" : "done", done?.Sha256, done?.ShortHash,
            entry.Size, progress.Cached, progress.BytesDone, entry.Size == 0 ? 1 : Math.Round((double)progress.BytesDone / entry.Size, 4), done?.Seconds);
        await Send.ResponseAsync(response, done is null ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, ct);
    }
}
