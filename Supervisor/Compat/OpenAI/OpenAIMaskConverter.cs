using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// OpenAI marks the area to edit by transparency (alpha 0 = repaint); the engine takes a gray mask where white means
/// repaint. Partial alpha becomes gray, so soft mask edges stay soft.
/// </summary>
public static class OpenAIMaskConverter
{
    /// <summary>True when any pixel is not fully opaque: the image carries an OpenAI-style mask in its alpha.</summary>
    public static bool HasTransparency(DecodedImage image)
    {
        var rgba = image.Rgba;
        for (var i = 3; i < rgba.Length; i += 4)
            if (rgba[i] != 255)
                return true;
        return false;
    }

    /// <summary>White (255) where alpha is 0, black where it is 255, gray between; fully opaque output.</summary>
    public static DecodedImage AlphaToRepaintMask(DecodedImage image)
    {
        var source = image.Rgba;
        var mask = new byte[source.Length];
        for (var i = 0; i < source.Length; i += 4)
        {
            var repaint = (byte)(255 - source[i + 3]);
            mask[i] = repaint;
            mask[i + 1] = repaint;
            mask[i + 2] = repaint;
            mask[i + 3] = 255;
        }
        return new DecodedImage(image.Width, image.Height, mask);
    }

    /// <summary>
    /// The repaint mask for an edit: an uploaded mask's transparency; an opaque uploaded mask is taken as a classic
    /// black/white mask (white = repaint) as other tools make them. Without a mask, the image's own transparency, if any.
    /// Null: nothing marks an area, so the edit is an img2img of the whole image.
    /// </summary>
    public static DecodedImage? RepaintMaskFor(DecodedImage image, DecodedImage? mask)
    {
        if (mask is not null)
            return HasTransparency(mask) ? AlphaToRepaintMask(mask) : mask;
        return HasTransparency(image) ? AlphaToRepaintMask(image) : null;
    }
}
