namespace Router.Gateway.Events;

/// <summary>Why the feed closed a subscriber's stream.</summary>
internal enum FeedCutReason
{
    None,

    /// <summary>It fell more than <c>Router:Events:MaxSubscriberLag</c> events behind.</summary>
    Lag,
}
