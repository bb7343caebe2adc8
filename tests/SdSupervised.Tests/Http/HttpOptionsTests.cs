using System.ComponentModel.DataAnnotations;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Tests.Http;

public sealed class HttpOptionsTests
{
    private static List<ValidationResult> Validate(HttpOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Origins_may_be_listed_or_comma_separated_and_are_normalised()
    {
        var options = new HttpOptions { CorsOrigins = ["https://ui.example:8443/", " http://a.example, http://b.example ", "http://a.example"] };
        Assert.Equal(["https://ui.example:8443", "http://a.example", "http://b.example"], options.ResolvedCorsOrigins());
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void Star_means_any_origin_and_empty_means_off()
    {
        Assert.Equal(["*"], new HttpOptions { CorsOrigins = ["*"] }.ResolvedCorsOrigins());
        Assert.Empty(new HttpOptions().ResolvedCorsOrigins());
        Assert.Empty(Validate(new HttpOptions { CorsOrigins = ["*"] }));
    }

    [Theory]
    [InlineData("ui.example")]
    [InlineData("ftp://ui.example")]
    [InlineData("https://ui.example/app")]
    [InlineData("https://ui.example?x=1")]
    [InlineData("https://user@ui.example")]
    public void An_origin_a_browser_never_sends_is_refused_at_start(string origin)
    {
        var results = Validate(new HttpOptions { CorsOrigins = [origin] });
        Assert.Contains(results, r => r.ErrorMessage!.Contains(origin, StringComparison.Ordinal));
    }
}
