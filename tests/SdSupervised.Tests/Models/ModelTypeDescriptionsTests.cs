using SdSupervised.Supervisor.Models;

namespace SdSupervised.Tests.Models;

public sealed class ModelTypeDescriptionsTests
{
    [Fact]
    public void Every_model_type_with_a_folder_is_described_in_words()
    {
        Assert.All(ModelLayout.Folders, f => Assert.Contains(' ', ModelTypeDescriptions.Of(f.Type)));
    }
}
