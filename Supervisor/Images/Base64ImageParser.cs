namespace SdSupervised.Supervisor.Images;

/// <summary>
/// Base64 image text, bare or as a <c>data:image/...;base64,</c> URL, with whitespace, line breaks, missing
/// padding and the URL-safe alphabet tolerated. The decoded size is estimated from the text before anything
/// is allocated, so an oversized string is refused without decoding it.
/// </summary>
public static class Base64ImageParser
{
    public static (byte[]? Bytes, ImageInputError? Error) Parse(string value, long maxBytes)
    {
        var text = value.AsSpan().Trim();
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = text.IndexOf(',');
            if (comma < 0) return (null, ImageInputErrors.BadBase64("the data: URL has no ',' before its data."));
            var header = text[5..comma].ToString();
            var parts = header.Split(';', StringSplitOptions.TrimEntries);
            if (!parts.Skip(1).Any(p => p.Equals("base64", StringComparison.OrdinalIgnoreCase)))
                return (null, ImageInputErrors.BadBase64($"the data: URL must be base64-encoded (data:image/png;base64,...); got 'data:{header}'."));
            if (parts[0].Length > 0 && !parts[0].StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                return (null, ImageInputErrors.Invalid($"the data: URL's media type '{parts[0]}' is not an image type."));
            text = text[(comma + 1)..];
        }

        var significant = 0L;
        foreach (var c in text)
            if (!char.IsWhiteSpace(c)) significant++;
        if (significant == 0) return (null, ImageInputErrors.BadBase64("the image's base64 data is empty."));

        // Four characters carry three bytes; padding at most removes two, so this errs on the small side by <= 2 bytes.
        var estimate = significant / 4 * 3 + significant % 4 * 3 / 4 - 2;
        if (estimate > maxBytes) return (null, ImageInputErrors.BytesOverLimit("the base64 image", estimate, maxBytes, atLeast: true));

        var chars = new char[(significant + 3) / 4 * 4];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) continue;
            chars[length++] = c switch
            {
                '-' => '+',
                '_' => '/',
                _ when char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' => c,
                _ => '\0',
            };
            if (chars[length - 1] == '\0')
                return (null, ImageInputErrors.BadBase64($"the image is neither an http(s) URL nor valid base64: character '{c}' at position {i} is not base64."));
        }
        while (length % 4 != 0) chars[length++] = '=';

        var bytes = new byte[length / 4 * 3];
        if (!Convert.TryFromBase64Chars(chars.AsSpan(0, length), bytes, out var written))
            return (null, ImageInputErrors.BadBase64("the image is neither an http(s) URL nor valid base64 (misplaced '=' padding or a truncated string)."));
        if (written > maxBytes) return (null, ImageInputErrors.BytesOverLimit("the base64 image", written, maxBytes));
        return (bytes[..written], null);
    }
}
