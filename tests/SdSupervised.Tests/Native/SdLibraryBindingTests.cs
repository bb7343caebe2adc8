using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

public sealed class SdLibraryBindingTests
{
    [Fact]
    public void A_library_without_the_C_API_is_refused_naming_the_missing_exports()
    {
        // libm loads fine but is not stable-diffusion.cpp; binding must fail before anything routes to it.
        var libm = new NativeLibraryCandidate("libm.so.6", "test", SystemLoader: true);

        var error = Assert.Throws<MissingExportsException>(() => SdLibraryBinding.Bind(libm));

        Assert.StartsWith("libm.so.6 does not export sd_set_log_callback, sd_set_progress_callback, sd_set_preview_callback, sd_version", error.Message);
        Assert.EndsWith("it is not stable-diffusion.cpp's C API at master-827-97d2990 (another library, or an incompatible version)", error.Message);
        Assert.Equal(SdNative.RequiredExports.Length, error.Missing.Count);
        Assert.Null(SdLibraryBinding.BoundPath);
    }

    [Fact]
    public void Every_import_is_in_the_required_or_the_optional_export_list()
    {
        var imported = typeof(SdNative).GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public)
            .Select(m => m.GetCustomAttributes(typeof(System.Runtime.InteropServices.LibraryImportAttribute), false)
                .Cast<System.Runtime.InteropServices.LibraryImportAttribute>().SingleOrDefault())
            .Where(a => a is not null)
            .Select(a => a!.EntryPoint!)
            .ToList();

        Assert.NotEmpty(imported);
        Assert.Empty(imported.Except(SdNative.RequiredExports).Except(SdNative.OptionalExports));
        Assert.Empty(SdNative.OptionalExports.Intersect(SdNative.RequiredExports));
    }
}
