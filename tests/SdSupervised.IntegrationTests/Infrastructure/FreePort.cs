using System.Net;
using System.Net.Sockets;

namespace SdSupervised.IntegrationTests.Infrastructure;

public static class FreePort
{
    /// <summary>A port the kernel just handed out on 127.0.0.1; racy by nature, so the launcher retries on "address in use".</summary>
    public static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }
}
