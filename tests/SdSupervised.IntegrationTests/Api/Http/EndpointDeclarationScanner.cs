using System.Text;
using System.Text.RegularExpressions;
using SdSupervised.IntegrationTests.Packaging;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>
/// Reads the routes the supervisor declares from its source, so a test can hold the OpenAPI document to every
/// endpoint, including ones added after the test was written: FastEndpoints' <c>Get/Post/Put/Patch/Delete(...)</c>
/// and <c>Verbs(...)</c> + <c>Routes(...)</c> in each <c>Configure()</c>, and minimal-API <c>.MapGet/MapPost/...</c>
/// calls. A declaration it cannot read (a route from an expression) is reported as a problem, never skipped.
/// An endpoint in a FastEndpoints group (<c>Group&lt;ApiGroup&gt;()</c>) gets the prefix the group's <c>Configure(prefix, ...)</c> names.
/// </summary>
public static partial class EndpointDeclarationScanner
{
    private static readonly string[] VerbMethods = ["Get", "Post", "Put", "Patch", "Delete"];

    [GeneratedRegex(@"\bvoid\s+Configure\s*\(\s*\)")]
    private static partial Regex ConfigureMethod();

    /// <summary>A call not preceded by a member access: <c>Get(</c> but not <c>catalog.Get(</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])(?<name>Get|Post|Put|Patch|Delete|Verbs|Routes)\s*\(")]
    private static partial Regex EndpointCall();

    /// <summary>A method declaration with its parameter list: <c>protected void Describe(string route, string summary)</c>.</summary>
    [GeneratedRegex(@"(?:protected|private|public|internal)[\w\s<>,?]*?\s(?<name>\w+)\s*\((?<params>[^)]*)\)")]
    private static partial Regex MethodDeclaration();

    /// <summary>Any unqualified call: a candidate route helper such as <c>Describe("/api/x", ...)</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])(?<name>[A-Z]\w*)\s*\(")]
    private static partial Regex AnyCall();

    [GeneratedRegex(@"\.Map(?<verb>Get|Post|Put|Patch|Delete)\s*\(")]
    private static partial Regex MinimalApiCall();

    [GeneratedRegex(@"\bconst\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""]*)""\s*;")]
    private static partial Regex StringConstant();

    [GeneratedRegex(@"\bclass\s+(?<name>\w+)\s*:\s*Group\b")]
    private static partial Regex GroupClass();

    [GeneratedRegex(@"(?<![\w.])Configure\s*\(\s*(?<prefix>[^,()]+?)\s*,")]
    private static partial Regex GroupConfigure();

    [GeneratedRegex(@"(?<![\w.])Group<(?<name>\w+)>\s*\(\s*\)")]
    private static partial Regex GroupCall();

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    public sealed record ScanResult(IReadOnlyList<DeclaredRoute> Routes, IReadOnlyList<string> Problems);

    /// <summary>Scans <c>Supervisor/**/*.cs</c> of the checkout the tests were built from.</summary>
    public static ScanResult ScanRepository(string? root = null)
    {
        root ??= RepositoryRoot.Locate();
        var supervisor = Path.Combine(root, "Supervisor");
        var routes = new List<DeclaredRoute>();
        var problems = new List<string>();
        var files = Directory.EnumerateFiles(supervisor, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Where(f => !f.Relative.Split('/').Any(s => s is "bin" or "obj"))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => (f.Relative, Text: File.ReadAllText(f.Path)))
            .ToList();
        // Routes may be built from another file's consts (OpenAIImageUrls.FilesRoute + "/{jobId}"); a name with two values is left out.
        var shared = files
            .SelectMany(f => StringConstant().Matches(StripComments(f.Text)).Select(m => (Name: m.Groups["name"].Value, Value: m.Groups["value"].Value)))
            .GroupBy(c => c.Name)
            .Where(g => g.Select(c => c.Value).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Value);
        var groups = files
            .SelectMany(f => GroupPrefixes(StripComments(f.Text), shared))
            .GroupBy(g => g.Key).ToDictionary(g => g.Key, g => g.First().Value);
        var declaredHelpers = files.Where(f => IsEndpointSource(f.Relative))
            .SelectMany(f => RouteHelpers(StripComments(f.Text), groups).Select(h => (Folder: Path.GetDirectoryName(f.Relative), Helper: h)))
            .ToList();
        foreach (var (relative, text) in files)
        {
            // Two families may each have a Describe(route, ...) with their own group: a caller gets the one beside it.
            var folder = Path.GetDirectoryName(relative);
            var helpers = declaredHelpers
                .GroupBy(h => h.Helper.Key)
                .ToDictionary(g => g.Key, g => (g.FirstOrDefault(h => h.Folder == folder).Helper.Value ?? g.First().Helper.Value));
            var result = ScanSource(text, relative, IsEndpointSource(relative), shared, helpers, groups);
            routes.AddRange(result.Routes);
            problems.AddRange(result.Problems);
        }
        return new ScanResult(routes.DistinctBy(r => Key(r.Method, r.Path)).ToList(), problems);
    }

    private static bool IsEndpointSource(string relative) => relative.StartsWith("Supervisor/Api/", StringComparison.Ordinal);

    /// <summary>A helper that declares a route from one of its parameters: which verb call, which argument, and its file's group prefix.</summary>
    public sealed record RouteHelper(string Call, int ParameterIndex, string Prefix = "");

    /// <summary>Group classes (<c>class ApiGroup : Group</c>) and the prefix their <c>Configure(prefix, ...)</c> gives.</summary>
    public static IEnumerable<KeyValuePair<string, string>> GroupPrefixes(string code, IReadOnlyDictionary<string, string>? sharedConstants = null)
    {
        var constants = new Dictionary<string, string>(sharedConstants ?? new Dictionary<string, string>());
        foreach (Match m in StringConstant().Matches(code)) constants[m.Groups["name"].Value] = m.Groups["value"].Value;
        var masked = MaskStrings(code);
        foreach (Match group in GroupClass().Matches(masked))
        {
            var configure = GroupConfigure().Match(masked, group.Index);
            if (!configure.Success) continue;
            var argument = code.Substring(configure.Groups["prefix"].Index, configure.Groups["prefix"].Length);
            if (Resolve(argument, constants) is { } prefix) yield return new(group.Groups["name"].Value, prefix);
        }
    }

    /// <summary>The prefix of the group a file's endpoints join (<c>Group&lt;ApiGroup&gt;()</c>), or "" when none.</summary>
    private static string FilePrefix(string masked, IReadOnlyDictionary<string, string>? groups)
    {
        var names = GroupCall().Matches(masked).Select(m => m.Groups["name"].Value).Distinct().ToList();
        return names.Count == 1 && groups is not null && groups.TryGetValue(names[0], out var prefix) ? prefix : "";
    }

    private static string Join(string prefix, string route) =>
        prefix.Length == 0 ? route : prefix.TrimEnd('/') + "/" + route.TrimStart('/');

    /// <summary>
    /// Methods other than Configure that pass a parameter to Get/Post/...: <c>Describe(string route, ...) { Post(route); }</c>,
    /// so <c>Configure() =&gt; Describe("/api/generate/text2img", ...)</c> declares POST /api/generate/text2img.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, List<RouteHelper>>> RouteHelpers(string code, IReadOnlyDictionary<string, string>? groups = null)
    {
        var masked = MaskStrings(code);
        var prefix = FilePrefix(masked, groups);
        foreach (Match declaration in MethodDeclaration().Matches(masked))
        {
            var name = declaration.Groups["name"].Value;
            if (name == "Configure") continue;
            var parameters = declaration.Groups["params"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "").ToList();
            if (parameters.Count == 0) continue;
            var (start, end) = MethodBody(masked, declaration.Index + declaration.Length);
            var uses = new List<RouteHelper>();
            foreach (Match call in EndpointCall().Matches(masked[start..end]))
            {
                if (call.Groups["name"].Value is "Verbs" or "Routes") continue;
                foreach (var arg in Arguments(code, start + call.Index + call.Length))
                    if (parameters.IndexOf(arg.Trim()) is var index and >= 0)
                        uses.Add(new RouteHelper(call.Groups["name"].Value, index, prefix));
            }
            if (uses.Count > 0) yield return new(name, uses);
        }
    }

    /// <summary>Routes declared in one source file; FastEndpoints declarations are read only when <paramref name="isEndpointSource"/>.</summary>
    public static ScanResult ScanSource(string text, string source, bool isEndpointSource = true,
        IReadOnlyDictionary<string, string>? sharedConstants = null, IReadOnlyDictionary<string, List<RouteHelper>>? sharedHelpers = null,
        IReadOnlyDictionary<string, string>? sharedGroups = null)
    {
        var code = StripComments(text);
        // Calls are searched for in a copy with string contents blanked (same offsets), so "Get(" inside a string is no call;
        // arguments are read from the real code.
        var masked = MaskStrings(code);
        var constants = new Dictionary<string, string>(sharedConstants ?? new Dictionary<string, string>());
        foreach (Match m in StringConstant().Matches(code)) constants[m.Groups["name"].Value] = m.Groups["value"].Value;
        var routes = new List<DeclaredRoute>();
        var problems = new List<string>();

        foreach (Match call in MinimalApiCall().Matches(masked))
        {
            var args = Arguments(code, call.Index + call.Length);
            var first = args.FirstOrDefault();
            if (first is null || Resolve(first, constants) is not { } path)
                problems.Add($"{source}: cannot read the route of .Map{call.Groups["verb"].Value}({first})");
            else
                routes.Add(new DeclaredRoute(call.Groups["verb"].Value.ToUpperInvariant(), Normalize(path), source));
        }

        if (isEndpointSource)
        {
            var groups = new Dictionary<string, string>(sharedGroups ?? new Dictionary<string, string>());
            foreach (var (name, prefix) in GroupPrefixes(code, constants)) groups[name] = prefix;
            var helpers = new Dictionary<string, List<RouteHelper>>(sharedHelpers ?? new Dictionary<string, List<RouteHelper>>());
            foreach (var (name, uses) in RouteHelpers(code, groups)) helpers[name] = uses;
            var filePrefix = FilePrefix(masked, groups);
            foreach (Match configure in ConfigureMethod().Matches(masked))
            {
                var (start, end) = MethodBody(masked, configure.Index + configure.Length);
                ScanConfigureBlock(code, masked, start, end, source, constants, helpers, filePrefix, routes, problems);
            }
        }
        return new ScanResult(routes, problems);
    }

    private static void ScanConfigureBlock(string code, string masked, int start, int end, string source,
        Dictionary<string, string> constants, Dictionary<string, List<RouteHelper>> helpers, string prefix, List<DeclaredRoute> routes, List<string> problems)
    {
        var verbs = new List<string>();
        var paths = new List<string>();
        var block = masked[start..end];
        foreach (Match call in AnyCall().Matches(block))
        {
            if (!helpers.TryGetValue(call.Groups["name"].Value, out var uses)) continue;
            var args = Arguments(code, start + call.Index + call.Length);
            foreach (var use in uses)
            {
                var path = use.ParameterIndex < args.Count ? Resolve(args[use.ParameterIndex], constants) : null;
                if (path is null) problems.Add($"{source}: cannot read the route given to {call.Groups["name"].Value}(...)");
                else routes.Add(new DeclaredRoute(use.Call.ToUpperInvariant(), Normalize(Join(use.Prefix, path)), source));
            }
        }
        foreach (Match call in EndpointCall().Matches(block))
        {
            var name = call.Groups["name"].Value;
            var args = Arguments(code, start + call.Index + call.Length);
            if (name == "Verbs")
            {
                // Http.POST, "POST", or FastEndpoints.Http.POST
                verbs.AddRange(args.Select(a => a.Trim().Trim('"').Split('.').Last().ToUpperInvariant()));
                continue;
            }
            var resolved = args.Select(a => (Arg: a, Path: Resolve(a, constants))).ToList();
            foreach (var bad in resolved.Where(r => r.Path is null))
                problems.Add($"{source}: cannot read the route {bad.Arg} in {name}(...): declare routes as string literals or consts");
            var declared = resolved.Where(r => r.Path is not null).Select(r => Normalize(Join(prefix, r.Path!))).ToList();
            if (name == "Routes") paths.AddRange(declared);
            else routes.AddRange(declared.Select(p => new DeclaredRoute(name.ToUpperInvariant(), p, source)));
        }
        if (paths.Count > 0 && verbs.Count == 0)
            problems.Add($"{source}: Routes(...) without Verbs(...)");
        routes.AddRange(from verb in verbs.Distinct() from path in paths select new DeclaredRoute(verb, path, source));
    }

    /// <summary>
    /// The range of the body of the method whose parameter list ends at <paramref name="start"/>: a { } block or an
    /// => expression. Works on the masked code, where braces inside strings are gone.
    /// </summary>
    private static (int Start, int End) MethodBody(string masked, int start)
    {
        var i = start;
        while (i < masked.Length && char.IsWhiteSpace(masked[i])) i++;
        if (i + 1 < masked.Length && masked[i] == '=' && masked[i + 1] == '>')
        {
            var end = masked.IndexOf(';', i);
            return (i, end < 0 ? masked.Length : end + 1);
        }
        if (i >= masked.Length || masked[i] != '{') return (i, i);
        var depth = 0;
        for (var j = i; j < masked.Length; j++)
        {
            if (masked[j] == '{') depth++;
            else if (masked[j] == '}' && --depth == 0) return (i, j + 1);
        }
        return (i, masked.Length);
    }

    /// <summary>The same key the OpenAPI document gets: method upper case, parameters without constraints, leading slash.</summary>
    public static string Key(string method, string path) => $"{method.ToUpperInvariant()} {Normalize(path).ToLowerInvariant()}";

    public static string Normalize(string route)
    {
        var path = RouteParameter().Replace(route.Trim(), m => "{" + m.Groups["name"].Value.Trim() + "}");
        if (!path.StartsWith('/')) path = "/" + path;
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    /// <summary>A route argument: string literals and string consts, joined by <c>+</c>; null for anything else.</summary>
    private static string? Resolve(string argument, Dictionary<string, string> constants)
    {
        var result = new StringBuilder();
        foreach (var part in SplitConcatenation(argument))
        {
            var a = part.Trim();
            if (a.StartsWith('@')) a = a[1..];
            if (a.Length >= 2 && a[0] == '"' && a[^1] == '"') result.Append(a[1..^1]);
            else if (a.Length > 0 && constants.TryGetValue(a.Split('.').Last(), out var value)) result.Append(value);
            else return null;
        }
        return result.ToString();
    }

    private static IEnumerable<string> SplitConcatenation(string argument)
    {
        var start = 0;
        var inString = false;
        for (var i = 0; i < argument.Length; i++)
        {
            if (argument[i] == '"') inString = !inString;
            else if (argument[i] == '\\' && inString) i++;
            else if (argument[i] == '+' && !inString)
            {
                yield return argument[start..i];
                start = i + 1;
            }
        }
        yield return argument[start..];
    }

    /// <summary>The top-level, comma-separated arguments of a call whose '(' ends just before <paramref name="start"/>.</summary>
    private static List<string> Arguments(string code, int start)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        for (var i = start; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                var end = i + 1;
                while (end < code.Length && code[end] != '"') end += code[end] == '\\' ? 2 : 1;
                current.Append(code, i, Math.Min(end, code.Length - 1) - i + 1);
                i = end;
                continue;
            }
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    if (current.ToString().Trim().Length > 0) args.Add(current.ToString().Trim());
                    return args;
                }
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                args.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        return args;
    }

    /// <summary>The code with every string literal's contents replaced by '_', offsets unchanged.</summary>
    private static string MaskStrings(string code)
    {
        var chars = code.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '\'' && i + 2 < chars.Length)
            {
                // A char literal: '"', '\'', '{'.
                var close = chars[i + 1] == '\\' ? i + 3 : i + 2;
                if (close < chars.Length && chars[close] == '\'')
                {
                    for (var k = i + 1; k < close; k++) chars[k] = '_';
                    i = close;
                }
                continue;
            }
            if (chars[i] != '"') continue;
            var verbatim = i > 0 && chars[i - 1] == '@';
            var j = i + 1;
            while (j < chars.Length && chars[j] != '"')
            {
                if (!verbatim && chars[j] == '\\') { chars[j] = '_'; j++; }
                if (j < chars.Length) chars[j] = '_';
                j++;
            }
            i = j;
        }
        return new string(chars);
    }

    /// <summary>Drops // and /* */ comments (outside string literals), so a route in a comment is not a route.</summary>
    private static string StripComments(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '"' && text[end] != '\n') end += text[end] == '\\' ? 2 : 1;
                end = Math.Min(end, text.Length - 1);
                sb.Append(text, i, end - i + 1);
                i = end;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') i++;
                sb.Append('\n');
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 1;
            }
            else sb.Append(text[i]);
        }
        return sb.ToString();
    }
}
