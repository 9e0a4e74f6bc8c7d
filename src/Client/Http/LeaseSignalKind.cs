namespace Router.Client.Http;

/// <summary>What reading a connection lease produced.</summary>
internal enum LeaseSignalKind
{
    /// <summary>The router closed the stream.</summary>
    End,

    /// <summary>The <c>lease</c> event: the router holds the lease now.</summary>
    Granted,

    /// <summary>Anything else (a keep-alive comment, another event): proof that the connection is alive.</summary>
    Activity,
}
