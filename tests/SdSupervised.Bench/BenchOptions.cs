namespace SdSupervised.Bench;

/// <summary>The benchmark program's command line.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: sds-bench [--only a,b,c,d,e,f,g,h,i,j] [--quick]
          --only LIST   run only these figures (comma list):
                          a (or e2e)     HTTP submit->completed time / engine time
                          b (or pipe)    1024^2 and 2048^2 RGB image over the worker pipe, MessagePack vs Json
                          c (or restart) worker kill -9 -> slot idle again
                          d (or queue)   GET /api/queue/status latency with 50 concurrent pollers
                          e (or submit)  text2img submits/s and latency with 50 concurrent submitters
                          f (or standby) crash -> serving with and without a warm standby, recycle -> serving, vs the model load
                          g (or placement) a mixed queue on 2 simulated devices of different sizes, with and without placement
                          h (or video)   a video's 33 frames of 832x480 over the worker pipe, as a share of the generation
                          i (or ui)      web UI: initial JavaScript gzipped, first paint and a usable form in headless chromium
                          j (or cluster) claims/s and claim latency on 1, 2, 4 PostgreSQL nodes vs SQLite; node kill -9 -> job running elsewhere
          --quick       fewer iterations and shorter windows (smoke run)
          --help        this text
        """;

    private static readonly Dictionary<string, char> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 'a', ["e2e"] = 'a', ["overhead"] = 'a',
        ["b"] = 'b', ["pipe"] = 'b',
        ["c"] = 'c', ["restart"] = 'c',
        ["d"] = 'd', ["queue"] = 'd',
        ["e"] = 'e', ["submit"] = 'e',
        ["f"] = 'f', ["standby"] = 'f', ["recycle"] = 'f',
        ["g"] = 'g', ["placement"] = 'g',
        ["h"] = 'h', ["video"] = 'h', ["i"] = 'i', ["ui"] = 'i',
        ["j"] = 'j', ["cluster"] = 'j',
    };

    public IReadOnlySet<char> Figures { get; init; } = new HashSet<char> { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j' };
    public bool Quick { get; init; }
    public bool ShowHelp { get; init; }

    /// <summary>Parses the arguments, or returns the reason they are wrong in <paramref name="error"/>.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=');
            var name = eq >= 0 ? arg[..eq] : arg;
            switch (name)
            {
                case "--help" or "-h":
                    return options with { ShowHelp = true };
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--only":
                    var list = eq >= 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : null;
                    if (string.IsNullOrWhiteSpace(list))
                    {
                        error = "--only needs a list, e.g. --only a,b";
                        return options;
                    }
                    var figures = new HashSet<char>();
                    foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!Aliases.TryGetValue(item, out var figure))
                        {
                            error = $"unknown figure '{item}' in --only (use a, b, c, d, e, f, g, h, i, j)";
                            return options;
                        }
                        figures.Add(figure);
                    }
                    options = options with { Figures = figures };
                    break;
                default:
                    error = $"unknown argument '{arg}'";
                    return options;
            }
        }
        return options;
    }
}
