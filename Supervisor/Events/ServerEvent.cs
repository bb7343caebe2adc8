namespace SdSupervised.Supervisor.Events;

/// <summary>
/// One entry of the <see cref="EventJournal"/>. <see cref="Data"/> is the payload already serialized as the API's
/// snake_case JSON, so it is encoded once however many clients receive it. <see cref="Id"/> 0 marks an event made up
/// after the fact (a job's final event that the journal no longer holds): it is sent without an SSE <c>id:</c>.
/// </summary>
public sealed record ServerEvent(long Id, string Type, string? JobId, DateTimeOffset At, string Data)
{
    public bool IsJobFinal => ServerEventTypes.IsJobFinal(Type);
}
