namespace SocketBench.Grade.Checks;

/// <summary>Sentences of the seed spec (reference/seed-spec.txt), quoted word for word by the checks that test them.</summary>
internal static class SpecText
{
    public const string ServerLoop = "Each server program should listen on a socket, wait for a client to connect, receive a message from the client, print the message to stdout, and then wait for the next client indefinitely.";
    public const string ServerArgument = "Each server should take one command-line argument: the port number to listen on for client connections.";
    public const string ServerInfinite = "Each server should accept and process client communications in an infinite loop, allowing multiple clients to send messages to the same server.";
    public const string ServerSignal = "The server should only exit in response to an external signal (e.g., SIGINT from pressing ctrl-c).";
    public const string ServerQueue = "Each server should maintain a short (5-10) client queue and handle multiple client connection attempts sequentially.";
    public const string ServerErrors = "Errors related to handling client connections should not cause the server to exit after handling the error; all others should.";
    public const string ServerGraceful = "Each server should gracefully handle error values potentially returned by socket programming library functions (see specifics for each language below).";
    public const string ClientLoop = "Each client program should contact a server, read a message from stdin, send the message, and exit.";
    public const string ClientExact = "Each client should read and send the message exactly as it appears in stdin until reaching an EOF (end-of-file).";
    public const string ClientArguments = "Each client should take two command-line arguments: the IP address of the server and the port number of the server.";
    public const string ClientLarge = "Each client must be able to handle arbitrarily large messages by iteratively reading and sending chunks of the message, rather than reading the whole message into memory first.";
    public const string ClientPartial = "Each client should handle partial sends (when a socket only transmits part of the data given in the last \u201csend\u201d call) by attempting to re-send the rest of the data until it has all been sent.";
    public const string ClientErrors = "Each client should gracefully handle error values potentially returned by socket programming library functions.";
    public const string Faults = "Not in the seed spec: how the pair behaves when the network misbehaves (through our fault proxy). Informational: this tier never fails the grade.";
    public const string Beyond = "Not in the seed spec: one of SocketBench's extensions (docs/DESIGN.md sections 2-4), credited when present. Never fails the grade.";
}
