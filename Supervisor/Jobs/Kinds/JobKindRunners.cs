using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>
/// The runner of each request type. Built once at start, and refused then when a <see cref="JobRequest"/> type has
/// no runner or two, so a new kind of job cannot ship without the code that runs it.
/// </summary>
public sealed class JobKindRunners
{
    private readonly FrozenDictionary<Type, IJobKindRunner> _byType;

    public JobKindRunners(IEnumerable<IJobKindRunner> runners)
    {
        var list = runners.ToList();
        var duplicate = list.GroupBy(r => r.RequestType).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"two job runners for {duplicate.Key.Name}: {string.Join(", ", duplicate.Select(r => r.GetType().Name))}");
        _byType = list.ToFrozenDictionary(r => r.RequestType);
        var missing = RequestTypes.Where(t => !_byType.ContainsKey(t)).Select(t => t.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"no job runner for {string.Join(", ", missing)}");
    }

    /// <summary>Every request type a stored job may hold: the derived types <see cref="JobRequest"/> declares for JSON.</summary>
    public static IReadOnlyList<Type> RequestTypes { get; } =
        typeof(JobRequest).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToList();

    public IJobKindRunner For(JobRequest request) => _byType[request.GetType()];
}
