namespace SdSupervised.Worker.Engines.Native;

/// <summary>One line of <c>sd_list_devices</c>: ggml's device name (<c>CPU</c>, <c>CUDA0</c>) and its description.</summary>
public sealed record NativeDevice(string Name, string Description)
{
    public bool IsCuda => Name.StartsWith("CUDA", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Description.Length == 0 ? Name : $"{Name}: {Description}";

    /// <summary>Parses "name\tdescription" lines; blank lines are skipped.</summary>
    public static IReadOnlyList<NativeDevice> ParseList(string text) =>
        text.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Trim().Length > 0)
            .Select(line =>
            {
                var tab = line.IndexOf('\t');
                return tab < 0 ? new NativeDevice(line.Trim(), "") : new NativeDevice(line[..tab].Trim(), line[(tab + 1)..].Trim());
            })
            .ToList();
}
