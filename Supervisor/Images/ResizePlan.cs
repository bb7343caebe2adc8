namespace SdSupervised.Supervisor.Images;

/// <summary>
/// Where a resize ends: scale the source to <see cref="ScaledWidth"/> x <see cref="ScaledHeight"/>, then keep the
/// box at <see cref="CropX"/>, <see cref="CropY"/> of <see cref="Width"/> x <see cref="Height"/> (the whole image
/// unless the mode is fill).
/// </summary>
public sealed record ResizePlan(int ScaledWidth, int ScaledHeight, int CropX, int CropY, int Width, int Height)
{
    /// <summary>
    /// The plan for a source of <paramref name="sourceWidth"/> x <paramref name="sourceHeight"/>. One given side keeps
    /// the aspect ratio; two apply <paramref name="mode"/>; <paramref name="scale"/> multiplies both. Null with the
    /// offending field and a message when the result would be empty or over <paramref name="maxEdge"/>.
    /// </summary>
    public static (ResizePlan? Plan, string? Field, string? Error) Create(
        int sourceWidth, int sourceHeight, int? width, int? height, double? scale, ResizeMode mode, int maxEdge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        string field;
        double scaledW, scaledH;
        if (scale is double s)
        {
            field = "scale";
            (scaledW, scaledH) = (sourceWidth * s, sourceHeight * s);
        }
        else if (width is int w && height is int h)
        {
            field = "width";
            if (mode == ResizeMode.Stretch) return Checked(new ResizePlan(w, h, 0, 0, w, h), field, maxEdge);
            var factor = mode == ResizeMode.Fit
                ? Math.Min((double)w / sourceWidth, (double)h / sourceHeight)
                : Math.Max((double)w / sourceWidth, (double)h / sourceHeight);
            if (mode == ResizeMode.Fill)
            {
                // Never below the box, whatever the rounding; the excess is cut evenly from both sides.
                var fw = Math.Max(w, (int)Math.Round(sourceWidth * factor));
                var fh = Math.Max(h, (int)Math.Round(sourceHeight * factor));
                return Checked(new ResizePlan(fw, fh, (fw - w) / 2, (fh - h) / 2, w, h), field, maxEdge);
            }
            var fitW = Math.Clamp((int)Math.Round(sourceWidth * factor), 1, w);
            var fitH = Math.Clamp((int)Math.Round(sourceHeight * factor), 1, h);
            return Checked(new ResizePlan(fitW, fitH, 0, 0, fitW, fitH), field, maxEdge);
        }
        else if (width is int only)
        {
            field = "width";
            (scaledW, scaledH) = (only, (double)sourceHeight * only / sourceWidth);
        }
        else if (height is int onlyH)
        {
            field = "height";
            (scaledW, scaledH) = ((double)sourceWidth * onlyH / sourceHeight, onlyH);
        }
        else
        {
            return (null, "width", "give width, height (or both) or scale.");
        }

        if (scaledW > maxEdge || scaledH > maxEdge)
            return (null, field, TooLargeMessage(scaledW, scaledH, maxEdge));
        var rw = Math.Max(1, (int)Math.Round(scaledW));
        var rh = Math.Max(1, (int)Math.Round(scaledH));
        return Checked(new ResizePlan(rw, rh, 0, 0, rw, rh), field, maxEdge);
    }

    private static (ResizePlan?, string?, string?) Checked(ResizePlan plan, string field, int maxEdge) =>
        plan.ScaledWidth > maxEdge || plan.ScaledHeight > maxEdge
            ? (null, field, TooLargeMessage(plan.ScaledWidth, plan.ScaledHeight, maxEdge))
            : (plan, null, null);

    private static string TooLargeMessage(double w, double h, int maxEdge) =>
        $"the resized image would be {Math.Round(w)}x{Math.Round(h)}; image utilities allow at most {maxEdge} pixels per edge.";
}
