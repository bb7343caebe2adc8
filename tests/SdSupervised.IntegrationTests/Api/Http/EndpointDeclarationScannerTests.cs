namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>The source scanner itself (no processes): it must find what FastEndpoints and minimal APIs declare, and nothing else.</summary>
public sealed class EndpointDeclarationScannerTests
{
    private static IReadOnlyList<string> Scan(string code, bool endpoint = true) =>
        EndpointDeclarationScanner.ScanSource(code, "test.cs", endpoint).Routes.Select(r => r.ToString()).ToList();

    [Fact]
    public void Reads_verb_calls_with_several_routes_and_strips_constraints()
    {
        var routes = Scan("""
            public override void Configure()
            {
                Get("/api/models", "/api/v1/models");
                Post("api/models/{modelId:minlength(1)}/load");
                AllowAnonymous();
                Summary(s => s.Summary = "Get(\"/not/a/route\")");
            }
            """);
        Assert.Equal(["GET /api/models", "GET /api/v1/models", "POST /api/models/{modelId}/load"], routes);
    }

    [Fact]
    public void Pairs_verbs_with_routes()
    {
        var routes = Scan("""
            public override void Configure()
            {
                Verbs(Http.GET, Http.POST);
                Routes("/sdapi/v1/options", "/v1/{**path}");
            }
            """);
        Assert.Equal(["GET /sdapi/v1/options", "GET /v1/{path}", "POST /sdapi/v1/options", "POST /v1/{path}"], routes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Resolves_string_constants_and_reports_what_it_cannot_read()
    {
        var result = EndpointDeclarationScanner.ScanSource("""
            public const string Route = "/v1/images/generations";
            public override void Configure() => Post(Route);
            public sealed class Other { public override void Configure() { Get(RouteBuilder.Make()); } }
            """, "test.cs");
        Assert.Equal(["POST /v1/images/generations"], result.Routes.Select(r => r.ToString()));
        Assert.Single(result.Problems);
    }

    [Fact]
    public void Joins_literals_and_consts_from_other_files()
    {
        var result = EndpointDeclarationScanner.ScanSource("""
            public override void Configure() { Get(OpenAIImageUrls.FilesRoute + "/{jobId}/{filename}"); }
            """, "test.cs", sharedConstants: new Dictionary<string, string> { ["FilesRoute"] = "/v1/images/files" });
        Assert.Empty(result.Problems);
        Assert.Equal(["GET /v1/images/files/{jobId}/{filename}"], result.Routes.Select(r => r.ToString()));
    }

    [Fact]
    public void Follows_a_helper_that_declares_the_route_it_is_given()
    {
        var routes = Scan("""
            public abstract class SubmitEndpoint<T> : Endpoint<T, R>
            {
                protected void Describe(string route, string summary)
                {
                    Post(route);
                    AllowAnonymous();
                }
            }
            public sealed class Text2Img : SubmitEndpoint<X>
            {
                public override void Configure() => Describe("/api/generate/text2img", "Queue a text-to-image job");
            }
            """);
        Assert.Equal(["POST /api/generate/text2img"], routes);
    }

    [Fact]
    public void Ignores_member_calls_comments_and_code_outside_configure()
    {
        var routes = Scan("""
            // Get("/commented/out");
            public override void Configure()
            {
                /* Post("/also/commented"); */
                Get("/api/real");
            }
            public override Task HandleAsync(CancellationToken ct) { var x = catalog.Get("/not/route"); Delete("/not/in/configure"); return Task.CompletedTask; }
            """);
        Assert.Equal(["GET /api/real"], routes);
    }

    [Fact]
    public void Reads_minimal_api_maps_in_any_source()
    {
        var routes = Scan("""
            app.MapGet("/", () => 1).WithSummary("x");
            app.MapPost("/api/events/{id:int}", handler);
            app.MapFallback(ctx => Task.CompletedTask);
            app.MapOpenApi("/openapi.json");
            """, endpoint: false);
        Assert.Equal(["GET /", "POST /api/events/{id}"], routes);
    }

    [Fact]
    public void A_group_prefix_applies_to_the_routes_of_its_endpoints_and_their_helpers()
    {
        var result = EndpointDeclarationScanner.ScanSource("""
            public sealed class ApiGroup : Group
            {
                public const string Prefix = "/api";
                public ApiGroup() => Configure(Prefix, ep => ep.Policies("user"));
            }
            public sealed class StatusEndpoint : EndpointWithoutRequest
            {
                public override void Configure()
                {
                    Get("/status", "/v1/status");
                    Group<ApiGroup>();
                }
            }
            public abstract class Submit : EndpointWithoutRequest
            {
                protected void Describe(string route) { Post(route); Group<ApiGroup>(); }
                public override void Configure() => Describe("/generate/x");
            }
            """, "test.cs");
        Assert.Empty(result.Problems);
        Assert.Equal(["GET /api/status", "GET /api/v1/status", "POST /api/generate/x"], result.Routes.Select(r => r.ToString()).ToList());
    }

    [Fact]
    public void Keys_match_regardless_of_case_and_constraints()
    {
        Assert.Equal(EndpointDeclarationScanner.Key("get", "/api/Queue/job/{jobId:length(32)}"), EndpointDeclarationScanner.Key("GET", "/api/queue/job/{jobid}"));
    }

    [Fact]
    public void Scans_this_repository_without_problems()
    {
        var result = EndpointDeclarationScanner.ScanRepository();
        Assert.Empty(result.Problems);
        Assert.Contains(result.Routes, r => r.Method == "POST" && r.Path == "/api/generate/text2img");
        Assert.Contains(result.Routes, r => r.Method == "GET" && r.Path == "/");
    }
}
