namespace SdSupervised.Contracts;

public enum EngineKind
{
    Synthetic,
    Native,
}
