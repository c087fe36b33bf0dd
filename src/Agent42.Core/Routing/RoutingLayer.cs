namespace Agent42.Core.Routing;

/// <summary>The layer of the routing that chose a task's model; <see cref="RoutingLayers.Text"/> is how it is shown and logged.</summary>
internal enum RoutingLayer
{
    /// <summary>The built-in defaults: free models with tool support, largest context first.</summary>
    Default,

    /// <summary>An admin override, <c>AGENT42_&lt;TYPE&gt;_MODEL</c>.</summary>
    Admin,

    /// <summary>The model named with <c>--model</c>.</summary>
    Explicit,

    /// <summary>The learned routing in <c>dynamic_routing.json</c>.</summary>
    Dynamic,

    /// <summary>An unproven model on trial.</summary>
    Trial,
}
