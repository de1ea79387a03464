// Writes one line and exits 0: the floor a Native AOT client's start-up is compared with.
System.Console.Out.WriteLine("hello");
