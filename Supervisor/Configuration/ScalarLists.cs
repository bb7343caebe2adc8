using System.Reflection;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// A list option given one value (<c>--Sds:Http:CorsOrigins=*</c>, <c>SDS__Http__KnownProxies=10.0.0.1,10.0.0.2</c>,
/// <c>"CorsOrigins": "*"</c> in a file): the binder only reads <c>Key:0</c>, <c>Key:1</c>... and ignored such a value
/// without a word. Here it is read as a comma-separated list and added to the indexed entries.
/// </summary>
public static class ScalarLists
{
    public static void Apply(IConfiguration section, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0) continue;
            if (property.PropertyType == typeof(List<string>))
            {
                if (section[property.Name] is { } scalar && property.GetValue(options) is List<string> list)
                    list.AddRange(scalar.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Where(entry => !list.Contains(entry, StringComparer.OrdinalIgnoreCase)));
            }
            else if (property.PropertyType is { IsClass: true } type && type != typeof(string)
                     && type.Namespace == typeof(ScalarLists).Namespace && property.GetValue(options) is { } child)
                Apply(section.GetSection(property.Name), child);
        }
    }
}
