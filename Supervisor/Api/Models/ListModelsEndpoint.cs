using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class ListModelsRequest
{
    /// <summary>"checkpoint", the seed's "CHECKPOINT", a type value (2), or a comma list.</summary>
    [QueryParam] public string? Type { get; set; }
    [QueryParam] public string? Architecture { get; set; }
    [QueryParam] public string? Search { get; set; }
    [QueryParam, BindFrom("sort_by")] public string? SortBy { get; set; }
    [QueryParam, BindFrom("sort_order")] public string? SortOrder { get; set; }
    [QueryParam] public int Page { get; set; } = 1;
    [QueryParam] public int Limit { get; set; } = 50;
}

public sealed record ModelListResponse(
    IReadOnlyList<ModelResponse> Models, int Total, int Page, int Limit, int Pages, bool Scanning, DateTimeOffset? LastScanAt, string ModelsDir);

public sealed class ListModelsValidator : Validator<ListModelsRequest>
{
    public const int MaxLimit = 500;
    private static readonly string[] SortKeys = ["name", "size", "date", "type"];

    public ListModelsValidator()
    {
        RuleFor(r => r.Type).Must(t => t is null || ModelLayout.ParseTypes(t) is not null)
            .WithMessage(r => $"type '{r.Type}' is not one of: {string.Join(", ", ModelLayout.Folders.Select(f => ModelLayout.TypeName(f.Type)))} (or their values).");
        RuleFor(r => r.SortBy).Must(s => s is null || SortKeys.Contains(s, StringComparer.OrdinalIgnoreCase))
            .WithMessage(r => $"sort_by '{r.SortBy}' is not one of: {string.Join(", ", SortKeys)}.");
        RuleFor(r => r.SortOrder).Must(s => s is null || s.Equals("asc", StringComparison.OrdinalIgnoreCase) || s.Equals("desc", StringComparison.OrdinalIgnoreCase))
            .WithMessage("sort_order must be asc or desc.");
        RuleFor(r => r.Page).GreaterThanOrEqualTo(1).WithMessage("page starts at 1.");
        RuleFor(r => r.Limit).InclusiveBetween(1, MaxLimit).WithMessage($"limit must be between 1 and {MaxLimit}.");
        RuleFor(r => r.Search).MaximumLength(256).WithMessage("search is at most 256 characters.");
    }
}

/// <summary><c>GET /api/models</c> (also <c>/api/v1/models</c>): the catalog, filtered, sorted and paged.</summary>
public sealed class ListModelsEndpoint(ModelService models) : Endpoint<ListModelsRequest, ModelListResponse>
{
    public override void Configure()
    {
        Get("/models", "/v1/models");
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "List models";
            s.Description = "Filters: type, architecture, search; sort_by name|size|date|type, sort_order asc|desc; page (from 1), limit.";
        });
    }

    public override Task HandleAsync(ListModelsRequest req, CancellationToken ct)
    {
        var query = new ModelQuery
        {
            Types = req.Type is null ? null : ModelLayout.ParseTypes(req.Type),
            Architecture = req.Architecture,
            Search = req.Search,
            SortBy = Enum.TryParse<ModelSort>(req.SortBy, ignoreCase: true, out var sort) ? sort : ModelSort.Name,
            Descending = string.Equals(req.SortOrder, "desc", StringComparison.OrdinalIgnoreCase),
            Page = req.Page,
            Limit = req.Limit,
        };
        var page = models.List(query);
        var snapshot = models.Catalog.Current;
        return Send.OkAsync(new ModelListResponse(
            page.Entries.Select(e => e.ToResponse(models.LoadedOn(e.Id))).ToList(),
            page.Total, page.Page, page.Limit, page.Pages, models.Catalog.Scanning || snapshot.LastScan is null, snapshot.LastScan?.At, snapshot.Root), ct);
    }
}
