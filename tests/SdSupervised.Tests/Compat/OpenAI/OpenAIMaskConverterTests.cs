using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIMaskConverterTests
{
    /// <summary>A 2x2 image whose pixels have the given alphas (and arbitrary colours, which a mask must ignore).</summary>
    private static DecodedImage WithAlphas(params byte[] alphas)
    {
        var rgba = new byte[alphas.Length * 4];
        for (var i = 0; i < alphas.Length; i++)
        {
            rgba[i * 4] = (byte)(i * 60);
            rgba[i * 4 + 1] = 200;
            rgba[i * 4 + 2] = (byte)(255 - i * 60);
            rgba[i * 4 + 3] = alphas[i];
        }
        return new DecodedImage(2, alphas.Length / 2, rgba);
    }

    private static byte[] Grays(DecodedImage mask)
    {
        var grays = new byte[mask.Width * mask.Height];
        for (var i = 0; i < grays.Length; i++)
        {
            Assert.Equal(mask.Rgba[i * 4], mask.Rgba[i * 4 + 1]);
            Assert.Equal(mask.Rgba[i * 4], mask.Rgba[i * 4 + 2]);
            Assert.Equal(255, mask.Rgba[i * 4 + 3]);
            grays[i] = mask.Rgba[i * 4];
        }
        return grays;
    }

    [Fact]
    public void Transparent_pixels_become_white_repaint_and_opaque_ones_black()
    {
        var mask = OpenAIMaskConverter.AlphaToRepaintMask(WithAlphas(0, 255, 128, 255));

        Assert.Equal(2, mask.Width);
        Assert.Equal(2, mask.Height);
        Assert.Equal(new byte[] { 255, 0, 127, 0 }, Grays(mask));
    }

    [Fact]
    public void An_opaque_image_has_no_transparency_and_a_single_clear_pixel_is_enough()
    {
        Assert.False(OpenAIMaskConverter.HasTransparency(WithAlphas(255, 255, 255, 255)));
        Assert.True(OpenAIMaskConverter.HasTransparency(WithAlphas(255, 255, 254, 255)));
    }

    [Fact]
    public void An_uploaded_mask_with_transparency_is_converted()
    {
        var image = WithAlphas(255, 255, 255, 255);

        var mask = OpenAIMaskConverter.RepaintMaskFor(image, WithAlphas(0, 0, 255, 255));

        Assert.Equal(new byte[] { 255, 255, 0, 0 }, Grays(mask!));
    }

    [Fact]
    public void An_opaque_uploaded_mask_is_taken_as_a_black_and_white_mask_as_is()
    {
        var blackAndWhite = new DecodedImage(2, 1, [255, 255, 255, 255, 0, 0, 0, 255]);

        var mask = OpenAIMaskConverter.RepaintMaskFor(WithAlphas(255, 255), blackAndWhite);

        Assert.Same(blackAndWhite, mask);
    }

    [Fact]
    public void Without_a_mask_the_images_own_transparency_marks_the_edit()
    {
        var mask = OpenAIMaskConverter.RepaintMaskFor(WithAlphas(255, 0, 255, 0), null);

        Assert.Equal(new byte[] { 0, 255, 0, 255 }, Grays(mask!));
    }

    [Fact]
    public void Without_a_mask_an_opaque_image_is_an_img2img_of_the_whole_image() =>
        Assert.Null(OpenAIMaskConverter.RepaintMaskFor(WithAlphas(255, 255, 255, 255), null));
}
