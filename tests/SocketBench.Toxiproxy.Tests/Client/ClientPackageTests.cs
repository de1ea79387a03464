using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Client;

/// <summary>`make pack`'s package: the client as NuGet ships its README and XML docs, with package validation on.</summary>
[TestFixture]
[Category("toxiproxy")]
[Category("process")]
public sealed class ClientPackageTests
{
    [Test]
    public async Task Pack_ClientPackage_HoldsReadmeXmlDocsAndDeclaresThem()
    {
        var project = Path.Combine(RepoPaths.Root, "toxiproxy", "SocketBench.Toxiproxy.Client", "SocketBench.Toxiproxy.Client.csproj");
        var output = Directory.CreateTempSubdirectory("socketbench-pack-");
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "pack", project, "-c", "Release", "--nologo", "-o", output.FullName })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(cts.Token);
            Assert.That(process.ExitCode, Is.Zero, $"dotnet pack failed:\n{await stdout}\n{await stderr}");

            var package = output.GetFiles("SocketBench.Toxiproxy.Client.*.nupkg").Single();
            using var zip = ZipFile.OpenRead(package.FullName);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.That(names, Does.Contain("README.md").And.Contain("lib/net10.0/SocketBench.Toxiproxy.Client.dll").And.Contain("lib/net10.0/SocketBench.Toxiproxy.Client.xml"));

            await using var readme = zip.GetEntry("README.md")!.Open();
            Assert.That(await new StreamReader(readme).ReadToEndAsync(), Does.StartWith("# SocketBench.Toxiproxy.Client"));
            await using var docs = zip.GetEntry("lib/net10.0/SocketBench.Toxiproxy.Client.xml")!.Open();
            var members = XDocument.Load(docs).Descendants("member").Select(m => (string)m.Attribute("name")!).ToList();
            Assert.That(members, Does.Contain("M:SocketBench.Toxiproxy.Client.ProxyHandle.UpdateToxicAsync(System.String,SocketBench.Toxiproxy.Client.ToxicSpec,System.Threading.CancellationToken)"));

            await using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            var readmeElement = XDocument.Load(nuspec).Descendants().Single(e => e.Name.LocalName == "readme");
            Assert.That(readmeElement.Value, Is.EqualTo("README.md"));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
