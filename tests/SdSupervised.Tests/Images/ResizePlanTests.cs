using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Images;

public sealed class ResizePlanTests
{
    public static TheoryData<int, int, int?, int?, double?, ResizeMode, ResizePlan> Plans => new()
    {
        // one side keeps the aspect ratio, whatever the mode
        { 400, 200, 100, null, null, ResizeMode.Fit, new ResizePlan(100, 50, 0, 0, 100, 50) },
        { 400, 200, null, 100, null, ResizeMode.Fill, new ResizePlan(200, 100, 0, 0, 200, 100) },
        // scale multiplies both sides
        { 400, 200, null, null, 0.5, ResizeMode.Fit, new ResizePlan(200, 100, 0, 0, 200, 100) },
        { 3, 3, null, null, 0.1, ResizeMode.Fit, new ResizePlan(1, 1, 0, 0, 1, 1) },
        // fit: inside the box, aspect kept
        { 400, 200, 100, 100, null, ResizeMode.Fit, new ResizePlan(100, 50, 0, 0, 100, 50) },
        { 200, 400, 100, 100, null, ResizeMode.Fit, new ResizePlan(50, 100, 0, 0, 50, 100) },
        // fill: covers the box, centre-cropped to it
        { 400, 200, 100, 100, null, ResizeMode.Fill, new ResizePlan(200, 100, 50, 0, 100, 100) },
        { 200, 400, 100, 100, null, ResizeMode.Fill, new ResizePlan(100, 200, 0, 50, 100, 100) },
        // stretch: exactly the box
        { 400, 200, 100, 100, null, ResizeMode.Stretch, new ResizePlan(100, 100, 0, 0, 100, 100) },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Plans_follow_the_mode(int sw, int sh, int? w, int? h, double? scale, ResizeMode mode, ResizePlan expected)
    {
        var (plan, field, error) = ResizePlan.Create(sw, sh, w, h, scale, mode, 8192);
        Assert.Null(error);
        Assert.Null(field);
        Assert.Equal(expected, plan);
    }

    [Theory]
    [InlineData(4000, 4000, null, null, 3.0, "scale")]
    [InlineData(100, 10, null, 1000, null, "height")]   // width would be 10000
    [InlineData(10, 1, 10, 8192, null, "width")]        // fill would scale to 81920 wide before cropping
    [InlineData(10, 10, null, null, null, "width")]     // nothing asked
    public void Results_over_the_edge_limit_are_refused_naming_the_field(int sw, int sh, int? w, int? h, double? scale, string field)
    {
        var mode = w is not null && h is not null ? ResizeMode.Fill : ResizeMode.Fit;
        var (plan, actualField, error) = ResizePlan.Create(sw, sh, w, h, scale, mode, 8192);
        Assert.Null(plan);
        Assert.Equal(field, actualField);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
