namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// In-memory index of active jobs: the FIFO of queued jobs (by sequence) and the running set. Cheap to read
/// under many pollers; the durable truth is the <see cref="IJobStore"/>, written before changes are made here.
/// </summary>
public sealed class JobQueue
{
    private readonly Lock _lock = new();
    private readonly SortedList<long, ActiveJob> _queued = [];
    private readonly Dictionary<string, ActiveJob> _active = new(StringComparer.Ordinal);

    public int QueuedCount { get { lock (_lock) return _queued.Count; } }

    public int RunningCount { get { lock (_lock) return _active.Count - _queued.Count; } }

    public void Enqueue(ActiveJob job)
    {
        lock (_lock)
        {
            _active[job.Id] = job;
            _queued[job.Job.Sequence] = job;
        }
    }

    public ActiveJob? Find(string id)
    {
        lock (_lock)
            return _active.GetValueOrDefault(id);
    }

    /// <summary>1-based place in the queue, or null when the job is not queued.</summary>
    public int? PositionOf(ActiveJob job)
    {
        lock (_lock)
        {
            var index = _queued.IndexOfKey(job.Job.Sequence);
            return index < 0 ? null : index + 1;
        }
    }

    /// <summary>Active jobs: running first, then queued in order.</summary>
    public IReadOnlyList<(ActiveJob Job, int? Position)> Snapshot()
    {
        lock (_lock)
        {
            var list = new List<(ActiveJob, int?)>(_active.Count);
            foreach (var job in _active.Values)
                if (!_queued.ContainsKey(job.Job.Sequence))
                    list.Add((job, null));
            for (var i = 0; i < _queued.Count; i++)
                list.Add((_queued.Values[i], i + 1));
            return list;
        }
    }

    /// <summary>
    /// Takes the oldest queued job that <paramref name="tryAssign"/> accepts (it reserves a worker), FIFO.
    /// Only the head is offered: a later job never overtakes an older one.
    /// </summary>
    public bool TryDispatch<T>(Func<ActiveJob, T?> tryAssign, out ActiveJob? job, out T? assignment) where T : class
    {
        lock (_lock)
        {
            job = null;
            assignment = null;
            if (_queued.Count == 0)
                return false;
            var head = _queued.Values[0];
            assignment = tryAssign(head);
            if (assignment is null)
                return false;
            _queued.RemoveAt(0);
            job = head;
            return true;
        }
    }

    /// <summary>
    /// Takes the queued job that <paramref name="choose"/> picks (it reserves a worker for it) from the queued jobs,
    /// oldest first; for placement rules that may pass over the head (model affinity across nodes).
    /// </summary>
    public bool TryDispatchChosen<T>(Func<IList<ActiveJob>, (ActiveJob Job, T Assignment)?> choose, out ActiveJob? job, out T? assignment) where T : class
    {
        lock (_lock)
        {
            job = null;
            assignment = null;
            if (_queued.Count == 0 || choose(_queued.Values) is not { } chosen)
                return false;
            _queued.Remove(chosen.Job.Job.Sequence);
            (job, assignment) = chosen;
            return true;
        }
    }

    /// <summary>Removes a queued job (cancel, clear). False when it is not queued (running or gone).</summary>
    public bool TryRemoveQueued(string id, out ActiveJob? job)
    {
        lock (_lock)
        {
            job = _active.GetValueOrDefault(id);
            if (job is null || !_queued.Remove(job.Job.Sequence))
                return false;
            _active.Remove(id);
            return true;
        }
    }

    /// <summary>Puts a running job back in line, at its original place (it is older than anything queued after it).</summary>
    public void Requeue(ActiveJob job)
    {
        lock (_lock)
        {
            _active[job.Id] = job;
            _queued[job.Job.Sequence] = job;
        }
    }

    public void Remove(string id)
    {
        lock (_lock)
        {
            if (_active.Remove(id, out var job))
                _queued.Remove(job.Job.Sequence);
        }
    }

    public IReadOnlyList<ActiveJob> QueuedJobs()
    {
        lock (_lock)
            return [.. _queued.Values];
    }
}
