namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>An output size in pixels; written as OpenAI writes it, <c>WxH</c>.</summary>
public readonly record struct ImageSize(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";
}
