using System.Collections.Generic;
using Microsoft.Extensions.AI;
using RealtimeVoiceAgent;

namespace OrderStatus.Host;

/// <summary>A shop's order-status line: one instance per call, with the shop's order book as its one tool.</summary>
public sealed class OrderAgent(OrderBook orders) : VoiceAgent
{
    public override string Instructions =>
        "You are Northwind Books' order line. Look orders up with get_order_status; answer in one or two short sentences.";

    public override string? Greeting => "Say this is Northwind Books' order line and ask for the order number.";

    public override RealtimeVoice? Voice => RealtimeVoice.Marin;

    public override IReadOnlyList<AIFunction> Tools { get; } =
        [CreateTool(orders.GetStatus, "get_order_status", "Looks up an order by its number.")];
}
