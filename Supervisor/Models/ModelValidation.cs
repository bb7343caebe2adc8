namespace SdSupervised.Supervisor.Models;

/// <summary>A fresh look at one model file: is its header sane, does the file hold all the data, can it load.</summary>
public sealed record ModelValidation(ModelEntry Entry, bool Valid, bool Loadable, IReadOnlyList<ModelCheck> Checks);
