using System.Text;

namespace SdSupervised.Tests.Events;

/// <summary>A write-only stream that keeps what was written, readable while a writer is still going.</summary>
internal sealed class CapturingStream : Stream
{
    private readonly StringBuilder _text = new();

    public string Text
    {
        get { lock (_text) return _text.ToString(); }
    }

    public int Flushes { get; private set; }

    /// <summary>Polls (never sleeps a fixed time and asserts) until the text satisfies <paramref name="until"/>.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> until, Action? poke = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var text = Text;
            if (until(text)) return text;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"stream never showed what was expected; it has:\n{text}");
            poke?.Invoke();
            await Task.Delay(10);
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_text) _text.Append(Encoding.UTF8.GetString(buffer, offset, count));
    }

    public override void Flush() => Flushes++;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
