[assembly: NUnit.Framework.Parallelizable(NUnit.Framework.ParallelScope.Children)]
[assembly: NUnit.Framework.Category("processes")]
