// Each grade run drives several programs at once and its checks have time bounds: two runs at a
// time keep a loaded 2-core machine from turning a slow run into a false failure.
[assembly: NUnit.Framework.Parallelizable(NUnit.Framework.ParallelScope.Children)]
[assembly: NUnit.Framework.LevelOfParallelism(2)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
