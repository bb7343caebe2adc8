using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Tests.Compat.OpenAI;

/// <summary>The documented body of /v1/images/generations names exactly the fields the reader reads (fault aside: tests only).</summary>
public sealed class OpenAIImageGenerationBodyTests
{
    private sealed class RecordingFields : OpenAIRequestFields
    {
        public HashSet<string> Asked { get; } = new(StringComparer.Ordinal);
        protected override IEnumerable<string> Present => [];

        protected override bool TryRaw(string name, bool wantText, out string? raw)
        {
            Asked.Add(name);
            raw = null;
            return true;
        }
    }

    [Fact]
    public void The_documented_fields_are_the_fields_the_reader_reads()
    {
        var fields = new RecordingFields();
        OpenAIImageRequestReader.Read(fields, new LimitsOptions());
        var documented = typeof(OpenAIImageGenerationBody).GetProperties().Select(p => ApiJson.Name(p.Name)).Order(StringComparer.Ordinal);
        Assert.Equal(fields.Asked.Where(n => n != "fault").Order(StringComparer.Ordinal), documented);
    }
}
