using System.Text;

namespace SdSupervised.Worker.Logging;

/// <summary>
/// A raw, always-flushed writer on file descriptor 2. Every line is out of the process before the call
/// returns, so lines written just before a crash (abort, SIGSEGV) reach the supervisor's classifier.
/// </summary>
public static class StandardError
{
    private static readonly object Gate = new();
    private static readonly Stream Stream = Console.OpenStandardError();
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteLine(string line) => WriteLines([line]);

    /// <summary>Writes the lines in one go, so nothing from another thread lands between them.</summary>
    public static void WriteLines(IReadOnlyList<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
            builder.Append(line).Append('\n');
        var bytes = Utf8.GetBytes(builder.ToString());
        lock (Gate)
        {
            try
            {
                Stream.Write(bytes);
                Stream.Flush();
            }
            catch (IOException)
            {
                // Nobody reads stderr any more (supervisor gone); logging must never take the worker down.
            }
        }
    }
}
