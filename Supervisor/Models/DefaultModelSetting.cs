namespace SdSupervised.Supervisor.Models;

/// <summary>STUB (being implemented): the model jobs use when they name none; starts as --default-model, changeable at run time and kept in the data directory.</summary>
public sealed class DefaultModelSetting
{
    public string Current => throw new NotImplementedException();

    /// <summary>Switches the default to a catalog model (by id, name or path); refused with the catalog's message when it does not resolve.</summary>
    public Task<ModelChoice> SetAsync(string name, CancellationToken cancellationToken) => throw new NotImplementedException();
}
