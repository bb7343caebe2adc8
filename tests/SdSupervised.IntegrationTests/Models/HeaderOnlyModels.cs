using System.Buffers.Binary;
using System.Text.Json;

namespace SdSupervised.IntegrationTests.Models;

/// <summary>
/// Model files for the supervisor to scan: real safetensors headers with the tensor names and shapes of the
/// published files, and a data region that is only a length (sparse), so they cost nothing to write.
/// </summary>
public static class HeaderOnlyModels
{
    public static void Write(string path, IEnumerable<(string Name, long[] Shape)> tensors, byte[]? data = null)
    {
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var (name, shape) in tensors)
        {
            var size = shape.Aggregate(2L, (a, d) => a * d); // F16
            header[name] = new { dtype = "F16", shape, data_offsets = new[] { offset, offset + size } };
            offset += size;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
        stream.Write(prefix);
        stream.Write(json);
        if (data is not null)
        {
            if (data.Length != offset) throw new ArgumentException($"data must be {offset} bytes");
            stream.Write(data);
        }
        stream.SetLength(8 + json.Length + offset);
    }

    public static IEnumerable<(string, long[])> Sd15() =>
    [
        ("model.diffusion_model.input_blocks.0.0.weight", [320, 4, 3, 3]),
        ("model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", [320, 768]),
        ("model.diffusion_model.middle_block.1.proj_in.weight", [1280, 1280, 1, 1]),
        ("model.diffusion_model.output_blocks.7.1.proj_in.weight", [640, 640, 1, 1]),
        ("cond_stage_model.transformer.text_model.embeddings.token_embedding.weight", [49408, 768]),
        ("first_stage_model.decoder.conv_in.weight", [512, 4, 3, 3]),
        ("first_stage_model.encoder.conv_out.weight", [8, 512, 3, 3]),
    ];

    public static IEnumerable<(string, long[])> SdxlUnetOnlyVae() =>
    [
        ("conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight", [49408, 768]),
        ("conditioner.embedders.1.model.token_embedding.weight", [49408, 1280]),
        ("model.diffusion_model.input_blocks.0.0.weight", [320, 4, 3, 3]),
        ("model.diffusion_model.label_emb.0.0.weight", [1280, 2816]),
        ("model.diffusion_model.middle_block.1.transformer_blocks.0.attn2.to_k.weight", [1280, 2048]),
        ("model.diffusion_model.output_blocks.3.1.transformer_blocks.1.attn1.to_q.weight", [640, 640]),
    ];

    public static IEnumerable<(string, long[])> FluxDev() =>
    [
        ("img_in.weight", [3072, 64]),
        ("txt_in.weight", [3072, 4096]),
        ("guidance_in.in_layer.weight", [3072, 256]),
        ("double_blocks.0.img_attn.qkv.weight", [9216, 3072]),
        ("single_blocks.0.linear1.weight", [21504, 3072]),
    ];

    public static IEnumerable<(string, long[])> KlVae(int latents) =>
    [
        ("encoder.conv_in.weight", [128, 3, 3, 3]),
        ("encoder.conv_out.weight", [2 * latents, 512, 3, 3]),
        ("decoder.conv_in.weight", [512, latents, 3, 3]),
    ];

    public static IEnumerable<(string, long[])> ClipL() =>
    [
        ("text_model.embeddings.token_embedding.weight", [49408, 768]),
        ("text_model.encoder.layers.11.mlp.fc1.weight", [3072, 768]),
    ];

    public static IEnumerable<(string, long[])> TaesdWithData() =>
    [
        ("encoder.layers.0.weight", [64, 3, 3, 3]),
        ("decoder.layers.1.weight", [64, 4, 3, 3]),
        ("decoder.bias", [1000]),
    ];
}
