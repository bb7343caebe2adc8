namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// The supervisor's command-line flags, mapped onto configuration keys of <see cref="SupervisorOptions"/>.
/// Boolean flags may stand alone (<c>--allow-fault-injection</c>); unknown flags are an error, so a typo
/// never silently runs the server with defaults. Raw configuration keys (<c>--Sds:Resilience:MaxAttempts=5</c>)
/// and ASP.NET's own (<c>--urls</c>) pass through.
/// </summary>
public static class CommandLine
{
    private static readonly Dictionary<string, string> ValueSwitches = new(StringComparer.Ordinal)
    {
        ["--port"] = "Sds:Port",
        ["--host"] = "Sds:Host",
        ["--data-dir"] = "Sds:DataDir",
        ["--models-dir"] = "Sds:ModelsDir",
        // The seed's README spells it both ways.
        ["--model-dir"] = "Sds:ModelsDir",
        ["--engine"] = "Sds:Engine",
        ["--native-library"] = "Sds:NativeLibrary",
        ["--workers"] = "Sds:Workers",
        ["--synthetic-step-ms"] = "Sds:SyntheticStepMs",
        ["--synthetic-load-ms"] = "Sds:SyntheticLoadMs",
        ["--worker-executable"] = "Sds:WorkerExecutable",
        ["--default-model"] = "Sds:DefaultModel",
        ["--config"] = "Sds:ConfigFile",
        ["--auth"] = "Sds:Auth:Method",
        ["--ui-dir"] = "Sds:Http:UiDir",
        // A folder per model type, relative to the models dir or absolute: the seed's --checkpoints and its layout's
        // other folders, and stable-diffusion.cpp's own --lora-model-dir / --embd-dir.
        ["--checkpoints"] = "Sds:Models:Folders:Checkpoint",
        ["--checkpoints-dir"] = "Sds:Models:Folders:Checkpoint",
        ["--diffusion-models-dir"] = "Sds:Models:Folders:DiffusionModel",
        ["--lora-dir"] = "Sds:Models:Folders:Lora",
        ["--lora-model-dir"] = "Sds:Models:Folders:Lora",
        ["--vae-dir"] = "Sds:Models:Folders:Vae",
        ["--taesd-dir"] = "Sds:Models:Folders:Taesd",
        ["--esrgan-dir"] = "Sds:Models:Folders:Esrgan",
        ["--upscaler-dir"] = "Sds:Models:Folders:Upscaler",
        ["--controlnet-dir"] = "Sds:Models:Folders:Controlnet",
        ["--embeddings-dir"] = "Sds:Models:Folders:Embedding",
        ["--embd-dir"] = "Sds:Models:Folders:Embedding",
        ["--text-encoders-dir"] = "Sds:Models:Folders:TextEncoder",
        ["--clip-vision-dir"] = "Sds:Models:Folders:ClipVision",
        ["--photomaker-dir"] = "Sds:Models:Folders:Photomaker",
        ["--presets-dir"] = "Sds:Models:Folders:Presets",
        ["--prompts-dir"] = "Sds:Models:Folders:Prompts",
        ["--neg-prompts-dir"] = "Sds:Models:Folders:NegPrompts",
        ["--store"] = "Sds:Store:Kind",
    };

    private static readonly Dictionary<string, string> FlagSwitches = new(StringComparer.Ordinal)
    {
        ["--allow-fault-injection"] = "Sds:AllowFaultInjection",
    };

    /// <summary>The seed's old switches: each still works, with a warning naming its replacement.</summary>
    private static readonly Dictionary<string, string> DeprecatedAuthFlags = new(StringComparer.Ordinal)
    {
        ["--enable-unix-auth"] = "unix",
        ["--enable-pam-auth"] = "pam",
    };

    // Host settings such as --environment are fixed before our configuration is read, so only --urls passes through.
    private static readonly HashSet<string> PassThrough = new(StringComparer.OrdinalIgnoreCase)
    {
        "--urls",
    };

    public const string Usage = """
        Usage: sd-supervised [options]
               sd-supervised keys|users ...   manage API keys and users (see sd-supervised keys --help)
          --port N                 HTTP port (default 8080)
          --host ADDR              listen address (default 127.0.0.1; 0.0.0.0 for all)
          --data-dir DIR           job database and outputs (default ./data)
          --models-dir DIR         model files (default ./models); --model-dir is the same
          --engine E               auto | native | synthetic (default auto)
          --native-library PATH    libstable-diffusion.so to use
          --workers SPEC           auto | cpu | 0,1 (GPU indices) | N (synthetic workers) (default auto)
          --synthetic-step-ms N    synthetic engine: time per sampling step (default 50)
          --synthetic-load-ms N    synthetic engine: model load time (default 200)
          --worker-executable PATH worker program (default worker/sds-worker beside the supervisor)
          --default-model NAME     model for jobs that name none
          --allow-fault-injection  let requests inject worker faults (tests only)
          --auth METHOD            none | api-key | jwt | unix | pam | optional (default none;
                                   a --host beyond loopback needs one chosen, --auth none included)
          --config FILE            extra JSON configuration file
          --checkpoints DIR        checkpoint folder, relative to the models dir or absolute (added to
                                   the default layout); likewise --diffusion-models-dir, --lora-dir
                                   (--lora-model-dir), --vae-dir, --taesd-dir, --esrgan-dir, --upscaler-dir,
                                   --controlnet-dir, --embeddings-dir (--embd-dir), --text-encoders-dir,
                                   --clip-vision-dir, --photomaker-dir, --presets-dir, --prompts-dir, --neg-prompts-dir
          --ui-dir DIR             web UI build served at /ui/ (default: ui/ beside the program, else the checkout's build)
          --store sqlite|postgres  job queue database (default sqlite in --data-dir; postgres needs
                                   --Sds:Store:ConnectionString=..., and lets several supervisors share one queue)
          --Sds:Section:Key=VALUE  any other option (also SDS__Section__Key environment variables)
          --help                   this text
        """;

    /// <summary>Turns the command line into configuration key/value pairs, or says what is wrong with it.</summary>
    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var warnings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
                return new CommandLineResult(values, null, ShowHelp: true, warnings);
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                return Error($"unexpected argument '{arg}'");

            var eq = arg.IndexOf('=');
            var name = eq >= 0 ? arg[..eq] : arg;
            var inlineValue = eq >= 0 ? arg[(eq + 1)..] : null;

            if (DeprecatedAuthFlags.TryGetValue(name, out var method))
            {
                if (inlineValue is null || bool.TryParse(inlineValue, out var on) && on)
                {
                    values["Sds:Auth:Method"] = method;
                    warnings.Add($"{name} is deprecated: use --auth {method}");
                }
                continue;
            }

            if (FlagSwitches.TryGetValue(name, out var flagKey))
            {
                values[flagKey] = inlineValue ?? "true";
                continue;
            }

            string key;
            if (ValueSwitches.TryGetValue(name, out var mapped))
                key = mapped;
            else if (name.Contains(':') || PassThrough.Contains(name))
                key = name[2..];
            else
                return Error($"unknown option '{name}' (run with --help for the list)");

            string? value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    return Error($"option '{name}' needs a value");
                value = args[++i];
            }
            values[key] = value;
        }
        return new CommandLineResult(values, null, ShowHelp: false, warnings);

        CommandLineResult Error(string message) => new(values, message, ShowHelp: false, warnings);
    }
}

/// <param name="Warnings">What to log once the logger exists: deprecated switches and their replacements.</param>
public sealed record CommandLineResult(IReadOnlyDictionary<string, string?> Values, string? Error, bool ShowHelp, IReadOnlyList<string> Warnings);
