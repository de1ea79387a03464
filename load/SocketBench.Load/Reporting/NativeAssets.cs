using System.Reflection;
using System.Runtime.InteropServices;

namespace SocketBench.Load.Reporting;

/// <summary>
/// SkiaSharp's native libraries are published next to the executable (bin/.load/); the Makefile
/// copies only the executable to bin/load, so also look in .load/ beside it.
/// </summary>
internal static class NativeAssets
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        foreach (var assembly in (Assembly[])[typeof(SkiaSharp.SKImage).Assembly, typeof(HarfBuzzSharp.Blob).Assembly])
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var file = name.EndsWith(".so", StringComparison.Ordinal) ? name : name + ".so";
        foreach (var dir in (string[])[AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, ".load")])
        {
            if (NativeLibrary.TryLoad(Path.Combine(dir, file), out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
