namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Lone UTF-16 surrogates in JSON escapes (<c>"\ud83d"</c>): JavaScript clients produce them when they cut a string
/// inside an emoji, Python (and so A1111) reads them, but .NET cannot turn them into a string and throws where the
/// value is read. Every JSON body is mended once, before any parser sees it: a lone surrogate becomes U+FFFD, as a
/// UTF-8 decoder does with a broken byte sequence. The escape keeps its length, so the body is mended in place.
/// </summary>
public static class JsonEscapes
{
    /// <summary>Rewrites each unpaired <c>\uD800</c>–<c>\uDFFF</c> escape to <c>\uFFFD</c>; returns how many it mended.</summary>
    public static int MendLoneSurrogates(Span<byte> json)
    {
        var mended = 0;
        for (var i = 0; i < json.Length - 1; i++)
        {
            if (json[i] != (byte)'\\') continue;
            // Any escape is two bytes or more; skipping the escaped byte keeps "\\uD800" (a backslash, then text) intact.
            if (json[i + 1] != (byte)'u' || !TryHex(json, i + 2, out var unit))
            {
                i++;
                continue;
            }
            if (char.IsHighSurrogate((char)unit) && IsLowSurrogateEscape(json, i + 6))
            {
                i += 11;
                continue;
            }
            if (char.IsSurrogate((char)unit))
            {
                "FFFD"u8.CopyTo(json[(i + 2)..]);
                mended++;
            }
            i += 5;
        }
        return mended;
    }

    private static bool IsLowSurrogateEscape(ReadOnlySpan<byte> json, int at) =>
        at + 1 < json.Length && json[at] == (byte)'\\' && json[at + 1] == (byte)'u'
        && TryHex(json, at + 2, out var unit) && char.IsLowSurrogate((char)unit);

    private static bool TryHex(ReadOnlySpan<byte> json, int at, out int value)
    {
        value = 0;
        if (at + 4 > json.Length) return false;
        for (var k = 0; k < 4; k++)
        {
            var digit = HexDigit(json[at + k]);
            if (digit < 0) return false;
            value = (value << 4) | digit;
        }
        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
