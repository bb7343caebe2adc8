using SdSupervised.Supervisor.Models;

namespace SdSupervised.Tests.Models;

public sealed class ConvertTypesTests
{
    [Theory]
    [InlineData("q8_0", "q8_0")]
    [InlineData("Q8_0", "q8_0")]
    [InlineData(" F16 ", "f16")]
    [InlineData("Q4_K", "q4_k")]
    [InlineData("Q4_K_S", "q4_k")]
    [InlineData("q4_k_m", "q4_k")]
    [InlineData("Q3_K_L", "q3_k")]
    [InlineData("Q5_K_M", "q5_k")]
    [InlineData("Q8_0_S", null)]
    [InlineData("q4_k_x", null)]
    [InlineData("Q9_X", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Quantization_names_are_read_in_any_case_and_k_quant_mixes_are_their_base_type(string? name, string? expected) =>
        Assert.Equal(expected, ConvertTypes.Normalize(name));
}
