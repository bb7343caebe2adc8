namespace SdSupervised.Worker.Native;

/// <summary>
/// C's <c>bool</c>: one byte, 0 or 1. A plain <see cref="bool"/> field would make the structs non-blittable
/// (the marshaller treats it as a 4-byte Win32 BOOL), so the native structs use this instead.
/// </summary>
public readonly struct CBool(bool value)
{
    private readonly byte _value = value ? (byte)1 : (byte)0;

    public static implicit operator bool(CBool value) => value._value != 0;

    public static implicit operator CBool(bool value) => new(value);

    public override string ToString() => ((bool)this).ToString();
}
