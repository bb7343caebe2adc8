using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SdSupervised.Supervisor.Observability;

namespace SdSupervised.Tests.Observability;

/// <summary>A real <see cref="SdsMetrics"/> on its own meter factory, with every measurement it takes recorded (a <see cref="MeterListener"/>).</summary>
public sealed class RecordedMeasurements : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> _items = [];

    public RecordedMeasurements()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new SdsMetrics(_services.GetRequiredService<IMeterFactory>());
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == Metrics.Meter)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public SdsMetrics Metrics { get; }

    /// <summary>The measurements of <paramref name="instrument"/> whose tags include every given pair.</summary>
    public IReadOnlyList<double> Of(string instrument, params (string Tag, string Value)[] tags)
    {
        lock (_items)
            return _items.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Tag) == t.Value)).Select(m => m.Value).ToList();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
            map[tag.Key] = tag.Value?.ToString();
        lock (_items)
            _items.Add((instrument.Name, value, map));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
