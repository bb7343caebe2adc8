namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>A value, or the <see cref="OpenAIFailure"/> to answer instead.</summary>
public readonly record struct OpenAIResult<T>(T? Value, OpenAIFailure? Failure)
{
    public bool Succeeded => Failure is null;

    public static implicit operator OpenAIResult<T>(T value) => new(value, null);

    public static implicit operator OpenAIResult<T>(OpenAIFailure failure) => new(default, failure);
}
